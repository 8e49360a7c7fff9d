// File names of runbooks: which are Markdown, and the name without folders or extension.
// Pure and browser-safe (the incident page links alerts to runbooks with it).
export const isMarkdownName = (name: string) => /\.(md|markdown)$/i.test(name);

/** The file name without folders and extension: "db/Postgres-Connections.md" → "Postgres-Connections". */
export function baseName(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.(md|markdown)$/i, "");
}
