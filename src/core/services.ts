import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { Campaigns } from '../campaigns/campaigns.js';
import type { Channel } from '../channels/channel.js';
import type { ChannelName, Delivery } from '../queue/types.js';
import { reclaimExpiredLeases } from '../queue/reclaim-leases.js';
import { LimitsGate, PRESET_SCHEDULES, type LimitsProvider } from '../scheduler/gate/index.js';
import { QueueMetrics } from '../scheduler/metrics.js';
import { Scheduler, type PeriodicJob } from '../scheduler/scheduler.js';
import { Worker, type WorkerSettings } from '../scheduler/worker.js';
import { TemplateEngine } from '../templates/index.js';
import { FilterAudience } from './audience-source.js';
import { DeliveryComposer } from './compose/composer.js';
import { FilterEngine } from './filters/index.js';
import type { HostMapping } from './mapping.js';
import {
  DEFAULT_PROVIDER,
  PROVIDER_AREA,
  SettingsStore,
  type ProviderSettings,
} from './settings.js';
import { UnsubscribeLinks } from './unsubscribe.js';
import { CredentialVault } from './vault.js';

/** What the shared core is built from, once per process. */
export interface ServicesDeps {
  readonly db: Knex;
  readonly logger: Logger;
  readonly mapping: HostMapping;
  /** Signs unsubscribe links. */
  readonly secret: string;
  readonly timeZone: string;
  /** Address the panel is reached at from outside, for links in messages. */
  readonly publicUrl: string;
  readonly now?: () => Date;
  readonly worker?: WorkerSettings;
  /** `RECADO_ENCRYPTION_KEYS`; without it the credential key is derived from the secret. */
  readonly encryptionKeys?: string;
}

/**
 * The composition root of the shared core: filters, templates, campaigns, the composer, the
 * send gate, the worker and the scheduler, built from one object. Apps register their
 * channels and account limits here; nothing else reaches for globals.
 */
export class RecadoServices {
  readonly db: Knex;
  readonly logger: Logger;
  readonly filters: FilterEngine;
  readonly templates = new TemplateEngine();
  readonly settings: SettingsStore;
  readonly unsubscribe: UnsubscribeLinks;
  readonly campaigns: Campaigns;
  readonly metrics: QueueMetrics;
  /** Seals SMTP passwords, gateway tokens and DKIM keys at rest. */
  readonly vault: CredentialVault;
  readonly channels = new Map<ChannelName, Channel>();
  readonly #deps: ServicesDeps;
  readonly #limits = new Map<ChannelName, LimitsProvider>();

  constructor(deps: ServicesDeps) {
    const now = deps.now ?? (() => new Date());
    this.#deps = deps;
    this.db = deps.db;
    this.logger = deps.logger;
    this.filters = new FilterEngine({
      db: deps.db,
      mapping: deps.mapping,
      now,
      timeZone: deps.timeZone,
    });
    this.settings = new SettingsStore({ db: deps.db });
    this.unsubscribe = new UnsubscribeLinks({ secret: deps.secret, baseUrl: deps.publicUrl });
    const audience = new FilterAudience({
      db: deps.db,
      mapping: deps.mapping,
      filters: this.filters,
    });
    this.campaigns = new Campaigns({ db: deps.db, logger: deps.logger, audience, now });
    this.metrics = new QueueMetrics({ db: deps.db });
    this.vault = CredentialVault.fromEnvironment(deps.encryptionKeys, deps.secret);
  }

  /**
   * The account that would send a channel's messages naming none (see
   * `LimitsProvider.defaultAccount`); undefined when the channel has no usable one.
   */
  async sendingAccount(channel: ChannelName): Promise<number | undefined> {
    return this.#limits.get(channel)?.defaultAccount?.(channel);
  }

  /** Makes a channel available to the worker, with its accounts' rates and quotas. */
  registerChannel(channel: Channel, limits?: LimitsProvider): void {
    this.channels.set(channel.name, channel);
    if (limits) this.#limits.set(channel.name, limits);
  }

  provider(): Promise<ProviderSettings> {
    return this.settings.read(PROVIDER_AREA, DEFAULT_PROVIDER);
  }

  createWorker(): Worker {
    const { db, logger, mapping, timeZone, now } = this.#deps;
    const composer = new DeliveryComposer({
      db,
      mapping,
      templates: this.templates,
      unsubscribe: this.unsubscribe,
      provider: async () => ({ ...(await this.provider()), timeZone }),
    });
    const gate = new LimitsGate({
      db,
      timeZone,
      now,
      logger,
      limits: {
        limitsFor: (channel, accountId) =>
          this.#limits.get(channel)?.limitsFor(channel, accountId) ?? Promise.resolve(undefined),
        defaultAccount: (channel) =>
          this.#limits.get(channel)?.defaultAccount?.(channel) ?? Promise.resolve(undefined),
      },
      scheduleFor: collectionSchedule,
    });
    return new Worker({
      db,
      logger,
      channels: this.channels,
      composer,
      gate,
      timeZone,
      now,
      metrics: this.metrics,
      settings: this.#deps.worker,
    });
  }

  /** The scheduler of this process: drain loop, lease reclaim, campaigns, and `extra` jobs. */
  createScheduler(
    extra: readonly PeriodicJob[] = [],
    options: { readonly drain?: boolean } = {},
  ): Scheduler {
    const now = this.#deps.now ?? (() => new Date());
    const idempotentChannels = () =>
      [...this.channels.values()].filter((c) => c.idempotent).map((c) => c.name);
    const jobs: PeriodicJob[] = [
      {
        name: 'queue.reclaim',
        rule: '*/30 * * * * *',
        run: () =>
          reclaimExpiredLeases(this.db, { now: now(), idempotentChannels: idempotentChannels() }),
      },
      { name: 'campaigns.start-due', rule: '*/15 * * * * *', run: () => this.campaigns.startDue() },
      { name: 'campaigns.settle', rule: '*/10 * * * * *', run: () => this.campaigns.settle() },
      ...extra,
    ];
    return new Scheduler({
      worker: options.drain === false ? undefined : this.createWorker(),
      jobs,
      channels: this.channels,
      logger: this.logger,
    });
  }
}

/** Collection notices (reminders, overdue, block) keep the Brazilian collection hours. */
function collectionSchedule(delivery: Delivery) {
  return delivery.payload.collection === true ? PRESET_SCHEDULES['br-collection'] : undefined;
}
