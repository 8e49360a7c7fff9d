// Creates the bench's fresh databases on the DATABASE_URL server and drops them again, whatever happened.
import { randomBytes } from "node:crypto";
import pg from "pg";

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export class BenchDatabases {
  private created: string[] = [];
  private readonly tag = randomBytes(4).toString("hex");

  constructor(private readonly serverUrl: string) {}

  private async admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  /** An empty database named vigil_bench_<tag>_<side>; the caller migrates it. */
  async create(side: string): Promise<{ name: string; url: string }> {
    const name = `vigil_bench_${this.tag}_${side}`;
    await this.admin((c) => c.query(`CREATE DATABASE "${name}"`));
    this.created.push(name);
    return { name, url: withDatabase(this.serverUrl, name) };
  }

  /** Flushes dirty pages before a side runs, so one side's writes are not checkpointed during the other's run. */
  async checkpoint(): Promise<void> {
    await this.admin((c) => c.query("CHECKPOINT")).catch(() => undefined);
  }

  /** Drops one database as soon as the bench is done with it: left until the end, its tables'
   * autovacuum (the insert-heavy run just ended) would compete with the next side's measurement. */
  async drop(name: string): Promise<void> {
    await this.admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    this.created = this.created.filter((created) => created !== name);
  }

  async dropAll(): Promise<void> {
    if (this.created.length === 0) return;
    await this.admin(async (c) => {
      for (const name of this.created.splice(0)) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  }
}
