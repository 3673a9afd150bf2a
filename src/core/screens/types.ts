import type { ChannelName } from '../../queue/types.js';

/** Which app mounts a screen, and the permissions that guard it there. */
export interface ScreenOptions {
  /** The channel the app sends on; templates and campaigns of the other channel are not shown. */
  readonly channel: ChannelName;
  /** Reads lists, pages and previews, e.g. `email.view`. */
  readonly view: string;
  /** Creates, changes, deletes, starts and stops, e.g. `email.manage`. */
  readonly manage: string;
}

/** An account a campaign can send through: an SMTP account or an SMS gateway. */
export interface AccountChoice {
  readonly id: number;
  /** The name the operator gave it. */
  readonly name: string;
  /** The account chosen first on a new campaign; at most one should be. */
  readonly isDefault: boolean;
}

/**
 * The accounts of one app, as the campaign form lists them. The E-mail app implements it
 * from its SMTP accounts, the SMS app from its gateways; the core knows nothing else of them.
 */
export interface AccountDirectory {
  /** Every account a campaign may use now, in the order the form lists them. */
  list(): Promise<readonly AccountChoice[]>;
}

/** What the campaign screens need on top of {@link ScreenOptions}. */
export interface CampaignScreenOptions extends ScreenOptions {
  readonly accounts: AccountDirectory;
}
