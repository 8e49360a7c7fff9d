-- The audit chain is extended at commit, not at the call. vigil_audit_append used to take the
-- chain's advisory lock in the middle of the caller's transaction, and the lock was then held
-- across a round trip to the application server (its answer, then the COMMIT it sends). Every
-- appender in the installation queues on that lock, so a busy or paused server process
-- (garbage collection, a burst of webhooks) paused everyone's writes: at 1,000 alerts/s on
-- two cores the lock was held about 3 ms per transaction and webhooks waited in line behind it.
--
-- Now the call only stages the events in "AuditPending", and a deferred constraint trigger
-- chains them when the transaction commits: the lock, the read of the chain's head and the
-- inserts run inside PostgreSQL's commit, held for those and the WAL flush only. An event
-- still exists if and only if the change it records was committed, and seq still follows the
-- chain: events get their seq under the lock, in commit order.
--
-- "AuditPending" is UNLOGGED: its rows never outlive their transaction (the trigger moves
-- them), so writing them to the WAL would be waste.
CREATE UNLOGGED TABLE "AuditPending" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "action" TEXT NOT NULL,
    "incidentId" TEXT,
    "traceId" TEXT,
    "targetType" TEXT,
    "targetId" TEXT,
    "data" JSONB NOT NULL,
    -- The canonical JSON body the hash covers (lib/audit/chain.ts eventBody), built by the caller.
    "body" TEXT NOT NULL,

    CONSTRAINT "AuditPending_pkey" PRIMARY KEY ("id")
);

-- Moves the staged event whose insert fired the trigger into the chain. Deferred events fire
-- at commit in the order they were queued, so a transaction's events are chained in the order
-- they were staged. Other transactions' staged rows are never visible here: they are
-- uncommitted, and none is ever committed. The row is found by its key, not by a scan: the
-- table's dead rows (one per event until vacuum) would make a range scan grow with traffic.
-- hash = sha256(prevHash || '\n' || body): lib/audit/chain.ts's eventHash; the first event of
-- the chain follows GENESIS_HASH (64 zeros).
CREATE FUNCTION vigil_audit_chain_pending() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev text;
BEGIN
  -- 7161616001 names "the audit chain" among advisory locks: one chain, whoever appends.
  PERFORM pg_advisory_xact_lock(7161616001);
  -- Read after the lock: each statement takes a fresh snapshot (READ COMMITTED), so this sees
  -- the previous appender's commit, and this transaction's events chained a moment ago.
  SELECT hash INTO prev FROM "AuditEvent" ORDER BY seq DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  INSERT INTO "AuditEvent" (at, "actorType", "actorId", action, "incidentId", "traceId", "targetType", "targetId", data, "prevHash", hash)
  VALUES (NEW.at, NEW."actorType", NEW."actorId", NEW.action, NEW."incidentId", NEW."traceId", NEW."targetType", NEW."targetId", NEW.data,
    prev, encode(sha256(convert_to(prev || E'\n' || NEW.body, 'UTF8')), 'hex'));
  DELETE FROM "AuditPending" WHERE id = NEW.id;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER "AuditPending_chain_at_commit"
  AFTER INSERT ON "AuditPending"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION vigil_audit_chain_pending();

-- Same signature, so callers and grants are unchanged: stages the batch for the commit.
CREATE OR REPLACE FUNCTION vigil_audit_append(
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
  n integer := coalesce(array_length(p_body, 1), 0);
BEGIN
  IF n = 0 THEN
    RETURN 0;
  END IF;
  INSERT INTO "AuditPending" (at, "actorType", "actorId", action, "incidentId", "traceId", "targetType", "targetId", data, body)
  SELECT p_at, p_actor_type[i], p_actor_id[i], p_action[i], p_incident_id[i], p_trace_id[i], p_target_type[i], p_target_id[i], p_data[i], p_body[i]
    FROM generate_subscripts(p_body, 1) AS i
   ORDER BY i;
  RETURN n;
END
$$;
