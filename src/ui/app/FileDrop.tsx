/** Drag a file anywhere onto the page to open it; an overlay shows while dragging. */
import { useEffect, useState, type ReactNode } from 'react';
import { openFile } from '../../state/actions';
import { compareWithFile } from '../../state/compare-actions';
import { useAppStore } from '../../state/store';
import { needsFileB } from '../../state/url/compare-mapping';

const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function FileDrop({ children }: { children: ReactNode }) {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child element: count them.
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      // A link in compare mode waiting for side B's file, with side A open: this is side B.
      const { link, session } = useAppStore.getState();
      if (session.status === 'ready' && link.pendingCompare && needsFileB(link.pendingCompare)) void compareWithFile(file);
      else void openFile(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <div className="app">
      {children}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-box">Drop the trace file to open it</div>
        </div>
      )}
    </div>
  );
}
