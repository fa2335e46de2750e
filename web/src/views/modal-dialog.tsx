'use client';
/**
 * A modal dialog on the platform's <dialog>: showModal() makes the rest of the page
 * inert (focus stays inside, screen readers see only the dialog) and Escape fires
 * `cancel`, which closes it through `onClose` so React stays the owner of "open".
 * Focus returns to what had it before.
 */
import { useEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
}

export function ModalDialog({ title, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      closeRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      before?.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className="modal" aria-labelledby="modal-title">
      <div className="modal-head">
        <h2 id="modal-title">{title}</h2>
        <span className="spacer" />
        <button type="button" className="link" aria-label="Close" onClick={onClose}>×</button>
      </div>
      {children}
    </dialog>
  );
}
