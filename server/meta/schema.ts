import type { ColumnType, Generated } from 'kysely';

/** Metadata tables (Postgres SQL on PGlite or PostgreSQL). */
export interface ServicesTable {
  name: string;
  team: string | null;
  first_seen: ColumnType<Date, Date | string, Date | string>;
  last_seen: ColumnType<Date, Date | string, Date | string>;
  created_at: Generated<Date>;
}

export interface MetaSchema {
  services: ServicesTable;
}
