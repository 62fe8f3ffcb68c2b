-- Register codes an installation holds at the head office (reserved when it was added, or
-- claimed at a hello) come back with every hello: a new till whose default code another
-- installation holds takes one of its own before it numbers anything.
DROP FUNCTION tessera_hello(text, text[]);
--> statement-breakpoint
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
REVOKE ALL ON FUNCTION tessera_hello(text, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tessera_hello(text, text[]) TO tessera_installation;
