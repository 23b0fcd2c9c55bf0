import { coreMigrations } from "./core";
import { pollMigrations } from "./polls";
import { pledgeMigrations } from "./pledge";
import { discussionMigrations } from "./discussion";
import { adminMigrations } from "./admin";
import { rehearsalMigrations } from "./rehearsal";

/**
 * Schema migrations of the embedded database, by domain. Each has a unique id and is applied once,
 * in the order listed, recorded in the schema_migrations table. Add new entries at the end of a
 * domain's list (or a new domain file here); never edit one that has shipped.
 */
export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [...coreMigrations, ...pollMigrations, ...pledgeMigrations, ...discussionMigrations, ...adminMigrations, ...rehearsalMigrations];
