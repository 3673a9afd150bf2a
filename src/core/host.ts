import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { AppId, HookName } from './manifest.js';
import type { HostMappingInput } from './mapping.js';

/** A navigation entry the plugin hands to the host while its app is enabled. */
export interface HostMenuEntry {
  /** Unique id, `<app>.<name>`. */
  readonly id: string;
  readonly appId: AppId;
  /** Text already translated for the locale given by `label(locale)`. */
  readonly label: (locale: string) => string;
  /** Absolute path in the host, the app's mount point joined with the entry's path. */
  readonly href: string;
  /** Permission an operator needs to see it. */
  readonly permission: string;
  /** Icon name from `plugin.json`. */
  readonly icon: string;
}

/** The operator signed in to the host, as the plugin sees them. */
export interface HostOperator {
  readonly id: string | number;
  readonly name: string;
  /** BCP 47 locale of the operator's interface, for example `pt-BR`. */
  readonly locale: string;
}

/** What a host hook carries: the ids the plugin reloads fresh from the host tables. */
export interface HostEvent {
  readonly customerId?: number | string;
  readonly invoiceId?: number | string;
  /** When the host raised it; defaults to the moment it is received. */
  readonly occurredAt?: Date;
}

export type HostEventHandler = (event: HostEvent) => void | Promise<void>;

/** A page the plugin renders inside the host's layout. */
export interface HostPage {
  readonly appId: AppId;
  /** Already translated title. */
  readonly title: string;
  /** Already rendered and escaped HTML of the page body. */
  readonly html: string;
  readonly status?: number;
}

/**
 * Everything the plugin needs from a host panel. The plugin never imports host code: a host
 * builds this object once and hands it to `register(host)`.
 */
export interface Host {
  /** The host database; the plugin keeps its own `recado_` tables there. */
  readonly db: Knex;
  /** Table and column names of the host's customers and invoices, where they differ. */
  readonly mapping?: HostMappingInput;
  readonly logger: Logger;
  /** Mounts an app's router; the host picks the path and returns it (for example `/apps/sms`). */
  mountRouter(appId: AppId, router: Router): string;
  /**
   * Mounts the plugin's public router, reached without a session: unsubscribe links and
   * gateway callbacks, each protected by its own signature or secret. The host picks the
   * path and returns it (for example `/recado`); it must be reachable at `publicUrl`. A host without it has no unsubscribe
   * page nor gateway callbacks.
   */
  mountPublicRouter?(router: Router): string;
  /** Shows a navigation entry; called when an app is enabled. */
  addMenuEntry(entry: HostMenuEntry): void;
  /** Takes an app's entries away; called when the app is disabled. */
  removeMenuEntries(appId: AppId): void;
  /** The signed-in operator, or undefined for a request without a session. */
  operator(req: Request): HostOperator | undefined;
  /** Whether the signed-in operator holds a permission. */
  can(req: Request, permission: string): boolean;
  /** Sends a plugin page wrapped in the host's layout. */
  renderPage(req: Request, res: Response, page: HostPage): void;
  /** Subscribes to a host hook. Absent on hosts that cannot raise hooks: the plugin polls. */
  on?(hook: HookName, handler: HostEventHandler): void;
  /** Unsubscribes; called on stop. */
  off?(hook: HookName, handler: HostEventHandler): void;
}
