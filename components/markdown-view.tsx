// Markdown shown as HTML, safely: react-markdown builds React elements from the syntax tree
// (no innerHTML), raw HTML in the text is dropped (skipHtml, and no rehype-raw), and link and
// image URLs pass its default transform, which drops javascript: and other unsafe schemes.
// Headings move down two levels, so a document's "#" never competes with the page's h1.
"use client";

import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const components: Components = {
  h1: ({ children }) => <h3>{children}</h3>,
  h2: ({ children }) => <h4>{children}</h4>,
  h3: ({ children }) => <h5>{children}</h5>,
  h4: ({ children }) => <h6>{children}</h6>,
  h5: ({ children }) => <h6>{children}</h6>,
  // External links leave the console in a new tab, without the opener.
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  // Images would load from anywhere a document points: show the link instead.
  img: ({ src, alt }) => (typeof src === "string" ? <a href={src} target="_blank" rel="noopener noreferrer nofollow">{alt || src}</a> : <>{alt}</>),
};

export function MarkdownView({ markdown }: { markdown: string }) {
  return (
    <div className="markdown-view" data-testid="postmortem-preview">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {markdown}
      </Markdown>
    </div>
  );
}
