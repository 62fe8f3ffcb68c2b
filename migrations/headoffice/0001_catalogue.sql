CREATE TABLE "catalogue_items" (
	"kind" text NOT NULL,
	"id" text NOT NULL,
	"version" bigint NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_items_kind_id_pk" PRIMARY KEY("kind","id")
);
--> statement-breakpoint
CREATE INDEX "catalogue_items_version_idx" ON "catalogue_items" USING btree ("version");--> statement-breakpoint
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_kind CHECK (kind IN ('product', 'tax_class'));
--> statement-breakpoint
REVOKE ALL ON catalogue_items FROM PUBLIC;
--> statement-breakpoint
CREATE SEQUENCE catalogue_version_seq;
--> statement-breakpoint
-- A new catalogue version holding these items ([{kind, id, data}]). Versions are taken and
-- committed one at a time (the lock is held to the commit), so a reader that sees version v
-- sees every version before it.
CREATE FUNCTION tessera_catalogue_put(p_items jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE v bigint;
BEGIN
  IF NOT EXISTS (SELECT FROM installations WHERE role_name = session_user)
     AND NOT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'catalogue_items'::regclass), 'MEMBER') THEN
    RAISE EXCEPTION 'role % may not change the catalogue', session_user USING ERRCODE = '42501';
  END IF;
  PERFORM pg_advisory_xact_lock(7431906);
  v := nextval('catalogue_version_seq');
  INSERT INTO catalogue_items (kind, id, version, data, updated_at)
    SELECT i->>'kind', i->>'id', v, i->'data', now() FROM jsonb_array_elements(p_items) AS i
  ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, data = excluded.data, updated_at = excluded.updated_at;
  RETURN v;
END $$;
--> statement-breakpoint
-- The catalogue's latest version, and every item changed after p_version (tax classes first:
-- products name them). Read both in one REPEATABLE READ transaction.
CREATE FUNCTION tessera_catalogue_head() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce(max(version), 0) FROM catalogue_items
$$;
--> statement-breakpoint
CREATE FUNCTION tessera_catalogue_since(p_version bigint, p_upto bigint)
RETURNS TABLE (version bigint, kind text, id text, data jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.version, c.kind, c.id, c.data FROM catalogue_items c
  WHERE c.version > p_version AND c.version <= p_upto
  ORDER BY c.kind = 'product', c.version, c.id
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tessera_catalogue_put(jsonb), tessera_catalogue_head(), tessera_catalogue_since(bigint, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tessera_catalogue_put(jsonb), tessera_catalogue_head(), tessera_catalogue_since(bigint, bigint) TO tessera_installation;
--> statement-breakpoint
-- A SKU or a barcode names one product across the head office, as it does in each till: two
-- tills adding the same SKU at once would otherwise make a version no till could apply.
CREATE UNIQUE INDEX catalogue_items_sku_idx ON catalogue_items ((data->>'sku')) WHERE kind = 'product';
--> statement-breakpoint
CREATE UNIQUE INDEX catalogue_items_barcode_idx ON catalogue_items ((data->>'barcode')) WHERE kind = 'product' AND data->>'barcode' IS NOT NULL;
