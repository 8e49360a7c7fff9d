// The post-mortem's Markdown editor: a Write tab (a plain textarea, Ctrl/⌘+S saves) and a
// Preview tab, as an ARIA tab set (arrow keys move between tabs). The textarea stays mounted
// while previewing, so its undo history survives; the renderer loads on the first preview.
"use client";

import dynamic from "next/dynamic";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { SizeInfo } from "@/lib/client/postmortem-editor";
import { ResultSkeleton } from "@/components/result-skeleton";
import "@/app/styles/postmortem.css";

const MarkdownView = dynamic(() => import("@/components/markdown-view").then((m) => m.MarkdownView), { loading: () => <ResultSkeleton /> });

const tabs = [
  { key: "write", label: "Write" },
  { key: "preview", label: "Preview" },
] as const;
type Tab = (typeof tabs)[number]["key"];

type Props = { value: string; onChange: (text: string) => void; onSave: () => void; size: SizeInfo; busy: boolean };

export function PostmortemEditor({ value, onChange, onSave, size, busy }: Props) {
  const [tab, setTab] = useState<Tab>("write");
  const id = useId();
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  const select = (next: Tab) => {
    setTab(next);
    tabRefs.current[next]?.focus();
  };
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = tabs.findIndex((t) => t.key === tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(tabs[(to + tabs.length) % tabs.length]!.key);
  };

  return (
    <div className="pm-editor">
      <div role="tablist" aria-label="Post-mortem editor" className="pm-tabs">
        {tabs.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              tabRefs.current[t.key] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-${t.key}-tab`}
            aria-selected={tab === t.key}
            aria-controls={`${id}-${t.key}-panel`}
            tabIndex={tab === t.key ? 0 : -1}
            data-testid={`postmortem-tab-${t.key}`}
            onClick={() => setTab(t.key)}
            onKeyDown={onTabKey}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-write-panel`} aria-labelledby={`${id}-write-tab`} hidden={tab !== "write"} className="pm-panel">
        <label htmlFor={`${id}-text`} className="sr-only">
          Post-mortem, in Markdown
        </label>
        <textarea
          id={`${id}-text`}
          className="pm-textarea"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
              e.preventDefault();
              if (!busy) onSave();
            }
          }}
          aria-describedby={`${id}-size`}
          aria-invalid={size.over || undefined}
          placeholder="Draft the post-mortem from the incident's records, or write it here in Markdown."
          spellCheck
          data-testid="postmortem-textarea"
        />
        <p id={`${id}-size`} className={`pm-size${size.over ? " pm-size-over" : ""}`} data-testid="postmortem-size">
          Markdown · {size.text}
          {size.over ? " — over the limit: shorten it to save." : ""}
        </p>
      </div>
      <div
        role="tabpanel"
        id={`${id}-preview-panel`}
        aria-labelledby={`${id}-preview-tab`}
        hidden={tab !== "preview"}
        className="pm-panel"
        tabIndex={0}
      >
        {tab === "preview" &&
          (value.trim() ? <MarkdownView markdown={value} testId="postmortem-preview" /> : <p className="muted">Nothing to preview yet.</p>)}
      </div>
    </div>
  );
}
