// The driver adapter Prisma's CLI uses to migrate offline (see prisma.config.ts), with
// two fixes over plain adapter-pg. Only the CLI needs them; the app uses a plain pool.
// 1. Results report PostgreSQL's `name` and `"char"` columns as text: the wasm schema
//    engine reads those catalog types while introspecting and adapter-pg cannot
//    deserialize them ("Column type 'name' could not be deserialized").
// 2. Migration scripts run whole: adapter-pg splits them on every semicolon, which breaks
//    any statement with a semicolon inside it, such as a PL/pgSQL trigger function.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

function retype(result: pg.QueryResult | pg.QueryResult[] | undefined): void {
  for (const r of Array.isArray(result) ? result : result ? [result] : []) {
    for (const field of r.fields ?? []) {
      if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
}

type Callback = (err: Error | null, result?: pg.QueryResult) => void;

class IntrospectionSafeClient extends pg.Client {
  // pg.Pool#query calls Client#query with a callback; direct callers get a promise.
  // Both paths are retyped. pg's overloads are impractical to restate, hence `any`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const query = super.query as (...a: any[]) => any;
    const last = args[args.length - 1];
    if (typeof last === "function") {
      const callback = last as Callback;
      args[args.length - 1] = (err: Error | null, result?: pg.QueryResult) => {
        if (!err) retype(result);
        callback(err, result);
      };
      return query.apply(this, args);
    }
    return query.apply(this, args).then((result: pg.QueryResult) => {
      retype(result);
      return result;
    });
  }
}

function introspectionSafePool(connectionString: string): pg.Pool {
  // A short idle timeout lets the CLI exit promptly once migrations are done.
  return new pg.Pool({ connectionString, Client: IntrospectionSafeClient, idleTimeoutMillis: 200, max: 2 });
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

function runScriptsWhole<T extends Adapter>(adapter: T): T {
  const driver = adapter.underlyingDriver() as pg.Pool;
  const raise = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      // The simple query protocol runs a multi-statement script as one implicit transaction.
      await driver.query(script);
    } catch (err) {
      raise(err);
    }
  };
  return adapter;
}

export function cliAdapter(connectionString: string) {
  const factory = new PrismaPg(introspectionSafePool(connectionString));
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => runScriptsWhole(await connect());
  factory.connectToShadowDb = async () => runScriptsWhole(await connectToShadowDb());
  return factory;
}
