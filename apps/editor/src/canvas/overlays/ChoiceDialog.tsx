import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';

export interface Choice {
  id: string;
  label: string;
  /** A second line: the step's type, a description. */
  detail?: string;
  /** Extra words the filter matches (a type name, a summary). */
  keywords?: string;
  icon?: ReactNode;
}

/**
 * A small dialog over the canvas: a filter box and a list to pick from with the arrow keys and
 * Enter (the ARIA combobox pattern), or the mouse. Escape or a click outside closes it and gives
 * focus back to where it was.
 */
export function ChoiceDialog({
  title,
  placeholder,
  choices,
  onChoose,
  onClose,
  at,
  children,
  empty = 'Nothing matches',
  testId,
}: {
  title: string;
  placeholder: string;
  choices: readonly Choice[];
  onChoose(id: string): void;
  onClose(): void;
  /** Top-left corner within the canvas; centred near the top when absent. */
  at?: { x: number; y: number } | undefined;
  /** Controls above the list (which output to connect). */
  children?: ReactNode;
  empty?: string;
  testId?: string;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const back = useRef<Element | null>(null);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q
      ? choices.filter((c) => `${c.label} ${c.detail ?? ''} ${c.keywords ?? ''}`.toLowerCase().includes(q))
      : choices;
  }, [choices, query]);
  useEffect(() => {
    back.current = document.activeElement;
    input.current?.focus();
  }, []);
  const close = () => {
    onClose();
    if (back.current instanceof HTMLElement) back.current.focus();
  };
  const choose = (id: string) => onChoose(id);
  const current = shown[Math.min(active, shown.length - 1)];
  return (
    <>
      <div className="choice-backdrop" onMouseDown={close} aria-hidden="true" />
      <div
        className="choice"
        role="dialog"
        aria-label={title}
        data-testid={testId}
        style={at ? { left: at.x, top: at.y } : { left: '50%', top: 56, transform: 'translateX(-50%)' }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            close();
          }
        }}
      >
        <div className="choice__title">{title}</div>
        {children}
        <input
          ref={input}
          className="choice__input"
          role="combobox"
          aria-label={placeholder}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
          placeholder={placeholder}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setActive((i) =>
                shown.length ? (Math.min(i, shown.length - 1) + step + shown.length) % shown.length : 0,
              );
            } else if (e.key === 'Enter' && current) {
              e.preventDefault();
              choose(current.id);
            }
          }}
        />
        <div className="choice__list" id={listId} role="listbox" aria-label={title}>
          {shown.map((c) => (
            <div
              key={c.id}
              id={`${listId}-${c.id}`}
              role="option"
              tabIndex={-1}
              aria-selected={c === current}
              className={`choice__item${c === current ? ' is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(shown.indexOf(c))}
              onClick={() => choose(c.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') choose(c.id);
              }}
              data-choice={c.id}
            >
              {c.icon && <span className="choice__icon">{c.icon}</span>}
              <span className="choice__text">
                <span className="choice__label">{c.label}</span>
                {c.detail && <span className="choice__detail">{c.detail}</span>}
              </span>
            </div>
          ))}
        </div>
        {shown.length === 0 && <p className="choice__empty">{empty}</p>}
      </div>
    </>
  );
}
