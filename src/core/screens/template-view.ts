import type { Request, Response } from 'express';
import { variablesByGroup } from '../../templates/index.js';
import type { AppContext } from '../app-module.js';
import type { RecadoError } from '../errors.js';
import { ScreenKit, type FieldError, type Translate } from './screen-kit.js';
import { smsAlphabet } from './sms-alphabet.js';
import { issueText, type PreviewIssue } from './template-preview.js';
import {
  TEMPLATE_NAME_MAX,
  TEMPLATE_SUBJECT_MAX,
  type SavedTemplate,
  type TemplateInput,
  type TemplateProblems,
} from './template-store.js';
import type { ScreenOptions } from './types.js';

/** What the editor shows: the operator's input, and why it was refused if it was. */
export interface TemplateFormInput {
  /** Absent for a new template. */
  readonly template?: SavedTemplate;
  readonly input: TemplateInput;
  readonly problems?: TemplateProblems;
}

/** Texts of the editor's script, translated for the page. */
const SCRIPT_TEXTS = [
  'failed',
  'example_data',
  'customer_data',
  'invoice_data',
  'no_invoice',
  'no_customers',
  'sms_typed',
  'sms_rendered',
  'sms_folded',
  'sms_unicode',
] as const;

/** An excerpt of a body for the list: tags dropped, one line, 90 characters. */
function excerpt(body: string): string {
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

/** Renders the template pages of one app (`views/shared/template*.eta`). */
export class TemplateScreens {
  readonly kit: ScreenKit;

  constructor(context: AppContext, options: ScreenOptions) {
    this.kit = new ScreenKit(context, options, 'templates');
  }

  list(req: Request, res: Response, templates: readonly SavedTemplate[]): void {
    const t = this.kit.translate(req);
    const when = this.#dateFormat(req);
    this.kit.render(req, res, 'shared/templates', {
      title: t(`screens.templates.title.${this.kit.options.channel}`),
      done: typeof req.query.done === 'string' ? req.query.done : null,
      templates: templates.map((template) => ({
        id: template.id,
        name: template.name,
        subject: template.subject,
        excerpt: excerpt(template.body),
        updated: when.format(template.updatedAt),
      })),
    });
  }

  form(req: Request, res: Response, form: TemplateFormInput, status = 200): void {
    const t = this.kit.translate(req);
    const { template, input, problems } = form;
    const errors: FieldError[] = [];
    if (problems?.nameError) errors.push(this.kit.fieldError(req, 'name', problems.nameError));
    if (problems?.subjectError) {
      errors.push(this.kit.fieldError(req, 'subject', problems.subjectError));
    }
    const issues = (problems?.issues ?? []).map((issue) => issueText(issue, t));
    this.kit.render(
      req,
      res,
      'shared/template-form',
      {
        title: t(template ? 'screens.template.edit_title' : 'screens.template.new_title'),
        template: template ?? null,
        action: template ? `${this.kit.base}/${template.id}` : this.kit.base,
        input,
        nameMax: TEMPLATE_NAME_MAX,
        subjectMax: TEMPLATE_SUBJECT_MAX,
        errors: Object.fromEntries(errors.map((error) => [error.field, error])),
        issues: byField(issues),
        picker: this.#picker(t),
        editorJson: JSON.stringify(this.#editorConfig(t)),
      },
      status,
    );
  }

  /** Asks before deleting; shows why not when the template is in use. */
  confirmDelete(req: Request, res: Response, template: SavedTemplate, refused?: RecadoError) {
    const t = this.kit.translate(req);
    this.kit.render(
      req,
      res,
      'shared/templates-delete',
      {
        title: t('screens.template.delete_title'),
        template: { id: template.id, name: template.name },
        refused: refused ? this.kit.fieldError(req, 'delete', refused) : null,
      },
      refused?.status ?? 200,
    );
  }

  #picker(t: Translate) {
    return variablesByGroup().map((group) => ({
      label: t(group.labelKey),
      variables: group.variables.map((variable) => ({
        name: variable.name,
        label: t(variable.labelKey),
        snippet: variable.snippet,
      })),
    }));
  }

  #editorConfig(t: Translate) {
    const base = this.kit.base;
    const text = Object.fromEntries(SCRIPT_TEXTS.map((key) => [key, t(`screens.editor.${key}`)]));
    return {
      channel: this.kit.options.channel,
      previewUrl: `${base}/preview`,
      customersUrl: `${base}/customers`,
      alphabet: this.kit.options.channel === 'sms' ? smsAlphabet() : null,
      text,
      // An e-mail template has two fields: each issue says which one it is about.
      fields: { subject: t('templates.field.subject'), body: t('templates.field.body') },
    };
  }

  #dateFormat(req: Request): Intl.DateTimeFormat {
    return new Intl.DateTimeFormat(this.kit.locale(req), {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: this.kit.context.timeZone,
    });
  }
}

function byField(issues: readonly PreviewIssue[]): Record<'subject' | 'body', PreviewIssue[]> {
  return {
    subject: issues.filter((issue) => issue.field === 'subject'),
    body: issues.filter((issue) => issue.field === 'body'),
  };
}
