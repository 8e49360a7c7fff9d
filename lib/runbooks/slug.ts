// A runbook's slug: its name in URLs and the key alerts' runbook_url links match on.
// "Postgres Connections.md" → "postgres-connections"; a folder's file keeps its folders
// ("db/pool.md" → "db-pool") so two files of one name in two folders stay apart.
export function slugify(name: string): string {
  const slug = name
    .replace(/\.(md|markdown)$/i, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120)
    .replace(/-+$/, "");
  return slug || "runbook";
}

/** The slug, or the first of slug-2, slug-3… that `taken` does not hold. */
export function freeSlug(slug: string, taken: (candidate: string) => boolean): string {
  if (!taken(slug)) return slug;
  for (let n = 2; ; n++) if (!taken(`${slug}-${n}`)) return `${slug}-${n}`;
}
