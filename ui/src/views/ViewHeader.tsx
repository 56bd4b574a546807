// A view's heading: title, one-line purpose, optional actions. Takes focus when the view opens so
// keyboard and screen-reader users land at the top of the new view.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export function ViewHeader(props: { title: string; purpose?: string; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.closest(".sidebar") !== null) heading.current?.focus();
  }, []);
  return (
    <header class="view__header">
      <div>
        <h1 ref={heading} tabIndex={-1}>
          {props.title}
        </h1>
        {props.purpose !== undefined && <p class="muted">{props.purpose}</p>}
      </div>
      {props.children !== undefined && <div class="view__actions">{props.children}</div>}
    </header>
  );
}
