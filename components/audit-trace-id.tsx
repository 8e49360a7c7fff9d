// A trace id in the audit log: a link that narrows the log to that trace, and a copy button.
"use client";

import { useEffect, useRef, useState } from "react";

export function AuditTraceId({ traceId, onFilter }: { traceId: string; onFilter: (traceId: string) => void }) {
  const [copied, setCopied] = useState<"copied" | "select" | null>(null);
  const textRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(traceId);
      setCopied("copied");
    } catch {
      // No clipboard (plain http on a remote host): select the id for Ctrl+C instead.
      const selection = window.getSelection();
      if (textRef.current && selection) selection.selectAllChildren(textRef.current);
      setCopied("select");
    }
  }

  return (
    <span className="audit-trace">
      <a
        ref={textRef}
        href={`?trace=${traceId}`}
        className="audit-mono"
        title="Show only this trace"
        data-testid="audit-trace-id"
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          onFilter(traceId);
        }}
      >
        {traceId}
      </a>
      <button type="button" className="audit-copy" onClick={() => void copy()} aria-label={`Copy trace id ${traceId}`}>
        {copied === "copied" ? "Copied" : "Copy"}
      </button>
      <span className="sr-only" role="status">
        {copied === "copied" ? "Trace id copied" : copied === "select" ? "Trace id selected: press Ctrl+C to copy" : ""}
      </span>
    </span>
  );
}
