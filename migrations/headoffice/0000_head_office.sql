CREATE TABLE "change_log" (
	"installation_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"kind" text NOT NULL,
	"doc_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_log_installation_id_seq_kind_doc_id_pk" PRIMARY KEY("installation_id","seq","kind","doc_id")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"installation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"seq" bigint NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "documents_installation_id_kind_id_pk" PRIMARY KEY("installation_id","kind","id")
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role_name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"shipped_seq" bigint DEFAULT 0 NOT NULL,
	"shipped_hash" text,
	"last_received_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installations_name_unique" UNIQUE("name"),
	CONSTRAINT "installations_role_name_unique" UNIQUE("role_name")
);
--> statement-breakpoint
CREATE TABLE "registers" (
	"code" text PRIMARY KEY NOT NULL,
	"installation_id" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registers" ADD CONSTRAINT "registers_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_kind_idx" ON "documents" USING btree ("kind","installation_id");--> statement-breakpoint
-- Installations sign in as members of tessera_installation and may only call the functions below.
-- Roles are the cluster's, shared by its databases: another database's init may make them at the same moment.
DO $$ BEGIN
  CREATE ROLE tessera_installation NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$ BEGIN
  CREATE ROLE tessera_reporting NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
REVOKE ALL ON installations, registers, change_log, documents FROM PUBLIC;
--> statement-breakpoint
-- Defence in depth: were a grant ever given, a role would still see and add only its own rows.
ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY own_rows ON change_log USING (installation_id = (SELECT id FROM installations WHERE role_name = session_user));
--> statement-breakpoint
CREATE POLICY own_rows ON documents USING (installation_id = (SELECT id FROM installations WHERE role_name = session_user));
--> statement-breakpoint
-- The calling installation, from the role it signed in as (session_user: SECURITY DEFINER changes current_user).
CREATE FUNCTION tessera_installation_row() RETURNS installations
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE inst installations;
BEGIN
  SELECT * INTO inst FROM installations WHERE role_name = session_user;
  IF NOT FOUND THEN RAISE EXCEPTION 'role % is not a Tessera installation', session_user USING ERRCODE = '42501'; END IF;
  RETURN inst;
END $$;
--> statement-breakpoint
-- An installation says hello: its time zone and registers. Returns who it is, where its log
-- stands, the codes it asked for that another installation already holds, and the codes it holds
-- (reserved when it was added, or claimed at a hello): a new till whose default code another
-- installation holds takes one of its own before it numbers anything.
CREATE FUNCTION tessera_hello(p_time_zone text, p_register_codes text[])
RETURNS TABLE (installation_id uuid, name text, shipped_seq bigint, shipped_hash text, taken_codes text[], reserved_codes text[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE inst installations := tessera_installation_row();
BEGIN
  IF p_time_zone IS NOT NULL AND EXISTS (SELECT FROM pg_timezone_names WHERE pg_timezone_names.name = p_time_zone) THEN
    UPDATE installations SET time_zone = p_time_zone WHERE id = inst.id;
  END IF;
  INSERT INTO registers (code, installation_id) SELECT DISTINCT c, inst.id FROM unnest(p_register_codes) AS c ON CONFLICT (code) DO NOTHING;
  RETURN QUERY SELECT inst.id, inst.name, inst.shipped_seq, inst.shipped_hash,
    coalesce((SELECT array_agg(r.code ORDER BY r.code) FROM registers r WHERE r.code = ANY (p_register_codes) AND r.installation_id <> inst.id), '{}'),
    coalesce((SELECT array_agg(r.code ORDER BY r.claimed_at, r.code) FROM registers r WHERE r.installation_id = inst.id), '{}');
END $$;
--> statement-breakpoint
-- One batch of an installation's log, in one transaction. It must follow on from what the
-- head office holds (the seq and chain hash it ended at), so batches apply in order, once:
-- a batch already received changes nothing; one that skips ahead or forks is refused.
CREATE FUNCTION tessera_ingest(p_after bigint, p_after_hash text, p_upto bigint, p_upto_hash text, p_docs jsonb)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE inst installations := tessera_installation_row();
BEGIN
  -- The row lock orders concurrent batches of one installation.
  SELECT * INTO inst FROM installations WHERE id = inst.id FOR UPDATE;
  IF p_upto <= inst.shipped_seq THEN RETURN inst.shipped_seq; END IF;
  IF p_after <> inst.shipped_seq OR p_after_hash IS DISTINCT FROM inst.shipped_hash THEN
    RAISE EXCEPTION 'batch after % does not follow on from the head office''s % ', p_after, inst.shipped_seq
      USING ERRCODE = 'TS409', HINT = inst.shipped_seq::text;
  END IF;
  INSERT INTO change_log (installation_id, seq, kind, doc_id, data)
    SELECT inst.id, (d->>'seq')::bigint, d->>'kind', d->>'id', d->'data' FROM jsonb_array_elements(p_docs) AS d
    WHERE (d->>'seq')::bigint > p_after AND (d->>'seq')::bigint <= p_upto;
  INSERT INTO documents (installation_id, kind, id, seq, data)
    SELECT DISTINCT ON (d->>'kind', d->>'id') inst.id, d->>'kind', d->>'id', (d->>'seq')::bigint, d->'data'
    FROM jsonb_array_elements(p_docs) AS d
    WHERE (d->>'seq')::bigint > p_after AND (d->>'seq')::bigint <= p_upto
    ORDER BY d->>'kind', d->>'id', (d->>'seq')::bigint DESC
  ON CONFLICT (installation_id, kind, id) DO UPDATE SET seq = excluded.seq, data = excluded.data WHERE documents.seq < excluded.seq;
  UPDATE installations SET shipped_seq = p_upto, shipped_hash = p_upto_hash, last_received_at = now() WHERE id = inst.id;
  RETURN p_upto;
END $$;
--> statement-breakpoint
-- Every installation's progress, for Admin → Head office on any till.
CREATE FUNCTION tessera_installations()
RETURNS TABLE (installation_id uuid, name text, register_codes text[], shipped_seq bigint, last_received_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT i.id, i.name, coalesce((SELECT array_agg(r.code ORDER BY r.code) FROM registers r WHERE r.installation_id = i.id), '{}'),
    i.shipped_seq, i.last_received_at
  FROM installations i WHERE (tessera_installation_row()).id IS NOT NULL ORDER BY i.name
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tessera_installation_row(), tessera_hello(text, text[]), tessera_ingest(bigint, text, bigint, text, jsonb), tessera_installations() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tessera_hello(text, text[]), tessera_ingest(bigint, text, bigint, text, jsonb), tessera_installations() TO tessera_installation;
--> statement-breakpoint
-- Reporting: documents as typed rows, dated by the shop's business day in its time zone.
-- A document issued outside a cash session still names its register in its number (INV-R1-000042).
CREATE VIEW ho_invoices AS
SELECT d.installation_id, i.name AS shop,
  coalesce(d.data->>'register_code', substring(d.data->>'number' from '^[A-Z]+-(.+)-[0-9]+$')) AS register_code, d.id AS invoice_id,
  d.data->>'number' AS number, d.data->>'status' AS status, d.data->>'currency' AS currency,
  (d.data->>'issued_at')::timestamptz AS issued_at,
  ((d.data->>'issued_at')::timestamptz AT TIME ZONE i.time_zone)::date AS business_day,
  (d.data->>'subtotal')::bigint AS subtotal, (d.data->>'tax')::bigint AS tax, (d.data->>'total')::bigint AS total,
  (d.data->>'amount_paid')::bigint AS amount_paid, (d.data->>'credited')::bigint AS credited, d.data->'tax_breakdown' AS tax_breakdown
FROM documents d JOIN installations i ON i.id = d.installation_id
WHERE d.kind = 'invoice';
--> statement-breakpoint
CREATE VIEW ho_payments AS
SELECT d.installation_id, i.name AS shop, d.data->>'register_code' AS register_code, d.id AS payment_id,
  d.data->>'invoice_id' AS invoice_id, d.data->>'method' AS method, d.data->>'kind' AS kind, (d.data->>'amount')::bigint AS amount,
  (d.data->>'created_at')::timestamptz AS created_at,
  ((d.data->>'created_at')::timestamptz AT TIME ZONE i.time_zone)::date AS business_day
FROM documents d JOIN installations i ON i.id = d.installation_id
WHERE d.kind = 'payment';
--> statement-breakpoint
CREATE VIEW ho_credit_notes AS
SELECT d.installation_id, i.name AS shop,
  coalesce(d.data->>'register_code', substring(d.data->>'number' from '^[A-Z]+-(.+)-[0-9]+$')) AS register_code, d.id AS credit_note_id,
  d.data->>'number' AS number, d.data->>'kind' AS kind, d.data->>'invoice_id' AS invoice_id,
  (d.data->>'issued_at')::timestamptz AS issued_at,
  ((d.data->>'issued_at')::timestamptz AT TIME ZONE i.time_zone)::date AS business_day,
  (d.data->>'subtotal')::bigint AS subtotal, (d.data->>'tax')::bigint AS tax, (d.data->>'total')::bigint AS total,
  (d.data->>'refunded')::bigint AS refunded, d.data->'tax_breakdown' AS tax_breakdown
FROM documents d JOIN installations i ON i.id = d.installation_id
WHERE d.kind = 'credit_note';
--> statement-breakpoint
-- Daily sales per shop and register: invoices not cancelled, gross of their credit notes.
CREATE VIEW daily_sales AS
SELECT shop, register_code, business_day, currency, count(*) AS invoices,
  sum(subtotal) AS net, sum(tax) AS tax, sum(total) AS gross, sum(credited) AS credited
FROM ho_invoices WHERE status <> 'CANCELLED'
GROUP BY shop, register_code, business_day, currency;
--> statement-breakpoint
CREATE VIEW tender_mix AS
SELECT shop, register_code, business_day, method,
  count(*) FILTER (WHERE kind = 'payment') AS payments, coalesce(sum(amount) FILTER (WHERE kind = 'payment'), 0) AS taken,
  count(*) FILTER (WHERE kind = 'refund') AS refunds, coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0) AS refunded
FROM ho_payments GROUP BY shop, register_code, business_day, method;
--> statement-breakpoint
-- Tax per rate: each invoice's frozen breakdown, less its credit notes'.
CREATE VIEW tax_per_rate AS
SELECT shop, register_code, business_day, rate_bp, sum(base) AS base, sum(tax) AS tax FROM (
  SELECT v.shop, v.register_code, v.business_day, (b->>'taxRateBp')::int AS rate_bp, (b->>'base')::bigint AS base, (b->>'tax')::bigint AS tax
  FROM ho_invoices v, jsonb_array_elements(v.tax_breakdown) AS b WHERE v.status <> 'CANCELLED'
  UNION ALL
  SELECT c.shop, c.register_code, c.business_day, (b->>'taxRateBp')::int, -(b->>'base')::bigint, -(b->>'tax')::bigint
  FROM ho_credit_notes c, jsonb_array_elements(c.tax_breakdown) AS b
) t GROUP BY shop, register_code, business_day, rate_bp;
--> statement-breakpoint
CREATE VIEW z_reports AS
SELECT i.name AS shop, d.data->>'register_code' AS register_code, d.data->>'number' AS number, (d.data->>'seq')::int AS z_seq,
  (d.data->>'created_at')::timestamptz AS closed_at,
  ((d.data->>'created_at')::timestamptz AT TIME ZONE i.time_zone)::date AS business_day,
  (d.data->>'net_sales')::bigint AS net_sales, (d.data->>'grand_total')::bigint AS grand_total, d.data->>'chain_head' AS chain_head, d.data->'body' AS body
FROM documents d JOIN installations i ON i.id = d.installation_id
WHERE d.kind = 'z_report';
--> statement-breakpoint
GRANT SELECT ON ho_invoices, ho_payments, ho_credit_notes, daily_sales, tender_mix, tax_per_rate, z_reports TO tessera_reporting;
