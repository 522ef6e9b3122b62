/** Latest observed profile of every account. */
export interface AccountsTable {
  id: string;
  platform: string;
  handle: string | null;
  display_name: string | null;
  bio: string | null;
  location: string | null;
  url: string | null;
  created_at: number | null;
  followers: number | null;
  following: number | null;
  posts: number | null;
  avatar_url: string | null;
  default_avatar: number | null;
  verified: number | null;
  protected: number | null;
  bot: number | null;
  status: string;
  observed_at: number;
  first_seen_at: number;
}

/** One row per observed change of a tracked profile field (handle, name, bio, avatar, status). */
export interface AccountHistoryTable {
  account_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  observed_at: number;
}

/** Platform-announced changes: status (suspension, takedown…) and handle changes. */
export interface AccountEventsTable {
  account_id: string;
  kind: string;
  at: number;
  status: string | null;
  detail: string | null;
  handle: string | null;
  raw_ref: number | null;
}
