import type { Request, Response } from 'express';
import type { AppContext } from '../app-module.js';
import { errorText } from '../app-routes.js';
import type { RecadoError } from '../errors.js';
import { builderAssetUrls } from './assets.js';
import { filterBuilderView } from './builder.js';
import { describeFilter } from './describe.js';
import { GROUP_NAME_MAX } from './names.js';
import type { PresetGroup, SavedGroup } from './types.js';

/** The permissions an app guards its groups with. */
export interface GroupPermissions {
  /** Lists groups and previews filters, e.g. `email.view`. */
  readonly view: string;
  /** Creates, changes and deletes groups, e.g. `email.manage`. */
  readonly manage: string;
}

/** What the group form shows: the operator's input, and why it was refused if it was. */
export interface GroupFormInput {
  /** Absent for a new group. */
  readonly group?: SavedGroup;
  readonly name: string;
  readonly filter: unknown;
  readonly error?: RecadoError;
}

type PageData = { title: string } & Record<string, unknown>;

/** Renders the group pages of one app (`views/shared/groups*.eta`) in its layout. */
export class GroupScreens {
  readonly #context: AppContext;
  readonly #permissions: GroupPermissions;

  constructor(context: AppContext, permissions: GroupPermissions) {
    this.#context = context;
    this.#permissions = permissions;
  }

  /** `/apps/<app>/groups`: where links and forms point. */
  get base(): string {
    return `${this.#context.basePath.replace(/\/$/, '')}/groups`;
  }

  list(
    req: Request,
    res: Response,
    groups: readonly SavedGroup[],
    presets: readonly PresetGroup[],
  ) {
    const t = this.#translate(req);
    const words = { t, locale: this.#locale(req) };
    const when = new Intl.DateTimeFormat(words.locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: this.#context.timeZone,
    });
    this.#render(req, res, 'shared/groups', {
      title: t('groups.list.title'),
      canManage: this.#context.host.can(req, this.#permissions.manage),
      done: typeof req.query.done === 'string' ? req.query.done : null,
      groups: groups.map((group) => ({
        id: group.id,
        name: group.name,
        summary: describeFilter(group.filter, words),
        updated: when.format(group.updatedAt),
        createdBy: group.createdBy,
      })),
      presets: presets.map((preset) => ({
        ref: preset.ref,
        name: t(preset.label),
        summary: describeFilter(preset.filter, words),
      })),
    });
  }

  form(req: Request, res: Response, input: GroupFormInput): void {
    const t = this.#translate(req);
    const locale = this.#locale(req);
    const error = input.error && {
      code: input.error.code,
      field: input.error.code === 'RECADO_FILTER_INVALID' ? 'filter' : 'name',
      message: errorText(this.#context.i18n, locale, input.error),
      path: String(input.error.details.path ?? ''),
    };
    const builder = filterBuilderView(this.#context, locale, {
      filter: input.filter,
      error: error?.field === 'filter' ? error : undefined,
    });
    this.#render(
      req,
      res,
      'shared/group-form',
      {
        title: input.group ? t('groups.form.edit_title') : t('groups.form.new_title'),
        group: input.group ?? null,
        action: input.group ? `${this.base}/${input.group.id}` : this.base,
        name: input.name,
        nameMax: GROUP_NAME_MAX,
        error,
        builder,
      },
      input.error?.status,
    );
  }

  confirmDelete(req: Request, res: Response, group: SavedGroup): void {
    const t = this.#translate(req);
    const words = { t, locale: this.#locale(req) };
    this.#render(req, res, 'shared/group-delete', {
      title: t('groups.delete.title'),
      group: { id: group.id, name: group.name, summary: describeFilter(group.filter, words) },
    });
  }

  #render(req: Request, res: Response, view: string, data: PageData, status = 200): void {
    const appId = this.#context.app.id;
    const assets = builderAssetUrls(this.#context.basePath);
    const page = { ...data, base: this.base, appId, assets };
    this.#context.pages.render(req, res, appId, view, page, status);
  }

  #locale(req: Request): string {
    return this.#context.pages.locale(req);
  }

  #translate(req: Request) {
    const locale = this.#locale(req);
    return (key: string, params?: Record<string, string | number>) =>
      this.#context.i18n.t(locale, key, params);
  }
}
