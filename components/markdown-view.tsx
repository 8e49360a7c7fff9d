// Markdown shown as HTML, safely: react-markdown builds React elements from the syntax tree
// (no innerHTML), raw HTML in the text is dropped (skipHtml, and no rehype-raw), and link and
// image URLs pass its default transform, which drops javascript: and other unsafe schemes.
// Headings move down (`demote` levels), so a document's "#" never competes with the page's
// h1. No "use client": a runbook page renders it on the server, the post-mortem editor in
// the browser.
import type { ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

type Level = 1 | 2 | 3 | 4 | 5 | 6;
const heading = (level: number) => `h${Math.min(6, level)}` as `h${Level}`;

function componentsFor(demote: 1 | 2): Components {
  const shifted = Object.fromEntries(
    ([1, 2, 3, 4, 5] as const).map((level) => {
      const Tag = heading(level + demote);
      return [`h${level}`, ({ children }: { children?: ReactNode }) => <Tag>{children}</Tag>];
    }),
  ) as Components;
  return {
    ...shifted,
    // External links leave the console in a new tab, without the opener.
    a: ({ href, children }) => (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow">
        {children}
      </a>
    ),
    // Images would load from anywhere a document points: show the link instead.
    img: ({ src, alt }) =>
      typeof src === "string" ? (
        <a href={src} target="_blank" rel="noopener noreferrer nofollow">
          {alt || src}
        </a>
      ) : (
        <>{alt}</>
      ),
  };
}

const byDemotion = { 1: componentsFor(1), 2: componentsFor(2) };

export function MarkdownView({ markdown, demote = 2, testId }: { markdown: string; demote?: 1 | 2; testId?: string }) {
  return (
    <div className="markdown-view" data-testid={testId}>
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={byDemotion[demote]}>
        {markdown}
      </Markdown>
    </div>
  );
}
