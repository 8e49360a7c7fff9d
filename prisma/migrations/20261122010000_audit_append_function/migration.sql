-- Appends a batch of audit events to the hash chain in one statement: takes the chain's
-- advisory lock, reads the head and inserts the events with their hashes, so the lock that
-- serialises every appender is held for this call and the commit only, not for several
-- round trips to a busy application server. Each statement of a plpgsql function takes a
-- fresh snapshot (VOLATILE, READ COMMITTED), so the head read after the lock sees the
-- previous appender's commit. hash = sha256(prevHash || '\n' || body): lib/audit/chain.ts's
-- eventHash, given the canonical JSON bodies (eventBody) the caller computed; the first
-- event of the chain follows GENESIS_HASH (64 zeros).
CREATE FUNCTION vigil_audit_append(
  p_at timestamp(3),
  p_actor_type text[],
  p_actor_id text[],
  p_action text[],
  p_incident_id text[],
  p_trace_id text[],
  p_target_type text[],
  p_target_id text[],
  p_data jsonb[],
  p_body text[]
) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  prev text;
  next_hash text;
  n integer := coalesce(array_length(p_body, 1), 0);
BEGIN
  IF n = 0 THEN
    RETURN 0;
  END IF;
  -- 7161616001 names "the audit chain" among advisory locks: one chain, whoever appends.
  PERFORM pg_advisory_xact_lock(7161616001);
  SELECT hash INTO prev FROM "AuditEvent" ORDER BY seq DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  FOR i IN 1 .. n LOOP
    next_hash := encode(sha256(convert_to(prev || E'\n' || p_body[i], 'UTF8')), 'hex');
    INSERT INTO "AuditEvent" (at, "actorType", "actorId", action, "incidentId", "traceId", "targetType", "targetId", data, "prevHash", hash)
    VALUES (p_at, p_actor_type[i], p_actor_id[i], p_action[i], p_incident_id[i], p_trace_id[i], p_target_type[i], p_target_id[i],
      p_data[i], prev, next_hash);
    prev := next_hash;
  END LOOP;
  RETURN n;
END
$$;
