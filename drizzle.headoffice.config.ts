import { defineConfig } from 'drizzle-kit';

// The head office's PostgreSQL schema (the till's own SQLite schema is drizzle.config.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './electron/headoffice/schema.ts',
  out: './migrations/headoffice',
});
