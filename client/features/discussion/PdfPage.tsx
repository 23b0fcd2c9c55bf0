import { useEffect, useRef, useState } from "react";
import type { PDFDocumentProxy } from "pdfjs-dist";
import { useT } from "../../i18n";
import { loadDocumentBytes } from "./documents-api";
import { openPdf, renderPage } from "./pdf-render";

const opened = new Map<string, Promise<PDFDocumentProxy>>();

/** The PDF of one document, opened once per page load (its bytes come from the device's cache when it has them). */
function pdfOf(meetingId: string, docId: string, token: string): Promise<PDFDocumentProxy> {
  const key = `${meetingId}/${docId}`;
  let p = opened.get(key);
  if (!p) {
    p = loadDocumentBytes(meetingId, docId, token).then(openPdf);
    opened.set(key, p);
    p.catch(() => opened.delete(key));
  }
  return p;
}

/**
 * One page of a meeting document drawn by pdf.js into a canvas, fitted to the box's width (and
 * height, for the big screen). `data-page` and `data-rendered` let tests see which page is drawn.
 */
export function PdfPage({ meetingId, docId, token, page, fitHeight = false, testId }: { meetingId: string; docId: string; token: string; page: number; fitHeight?: boolean; testId?: string }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [rendered, setRendered] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    setRendered(null);
    void (async () => {
      try {
        const doc = await pdfOf(meetingId, docId, token);
        if (cancelled || !canvas.current || !box.current) return;
        const width = box.current.clientWidth || 600;
        const height = fitHeight ? box.current.clientHeight || undefined : undefined;
        task = await renderPage(doc, page, canvas.current, width, height);
        await task.promise;
        if (!cancelled) {
          setRendered(page);
          setError(null);
        }
      } catch (err) {
        if (!cancelled && (err as { name?: string }).name !== "RenderingCancelledException") setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [meetingId, docId, token, page, fitHeight]);

  return (
    <div ref={box} className={`pdf-page${fitHeight ? " fit" : ""}`} data-testid={testId} data-page={page} data-rendered={rendered ?? ""}>
      <canvas ref={canvas} aria-label={t("docs.page", { page, pages: page })} />
      {rendered === null && !error && <p className="hint">{t("docs.loading")}</p>}
      {error && <p className="error">{t("docs.failed", { message: error })}</p>}
    </div>
  );
}
