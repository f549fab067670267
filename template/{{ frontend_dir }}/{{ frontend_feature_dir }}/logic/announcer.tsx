import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from "react";

/** "polite" waits for the screen reader to finish; "assertive" interrupts it (errors). */
export type Politeness = "polite" | "assertive";
export type Announce = (message: string, politeness?: Politeness) => void;

// Long enough to be read out, short enough that someone browsing the page later does not
// come across a stale "Copied".
const CLEAR_AFTER_MS = 7000;

// Hidden from sight, not from screen readers (display: none or visibility: hidden would
// hide it from both).
const visuallyHidden: CSSProperties = {
  position: "absolute",
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  border: 0,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
};

const AnnounceContext = createContext<Announce | null>(null);

interface Said {
  text: string;
  politeness: Politeness;
  id: number;
}

/**
 * The live regions the 2FA components speak through. They stay mounted with nothing in
 * them: a screen reader reads changes to a region it already knows, and may miss one
 * that arrives together with its text. TwoFactorApiProvider mounts one for the page; a
 * modal dialog mounts its own, since a modal hides the rest of the page from screen
 * readers, live regions included.
 */
export function Announcer({ children }: { children?: ReactNode }) {
  const [said, setSaid] = useState<Said | null>(null);
  const count = useRef(0);

  const announce = useCallback<Announce>((text, politeness = "polite") => {
    count.current += 1;
    setSaid({ text, politeness, id: count.current });
  }, []);

  useEffect(() => {
    if (!said) return;
    const timer = setTimeout(() => setSaid(null), CLEAR_AFTER_MS);
    return () => clearTimeout(timer);
  }, [said]);

  // A new element per message: the same sentence twice ("A new code is on its way") is
  // still a change the screen reader reads.
  const spoken = (politeness: Politeness) =>
    said?.politeness === politeness ? (
      <span key={said.id}>{said.text}</span>
    ) : null;

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div style={visuallyHidden} data-two-factor-announcer="">
        <div aria-live="polite" aria-atomic="true">
          {spoken("polite")}
        </div>
        <div aria-live="assertive" aria-atomic="true">
          {spoken("assertive")}
        </div>
      </div>
    </AnnounceContext.Provider>
  );
}

const unheard: Announce = () => {};

/** Says a sentence through the nearest Announcer (silent outside any). */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext) ?? unheard;
}

/** Says `message` each time it changes to a non-empty value. */
export function useAnnounced(
  message: string | null | undefined,
  politeness: Politeness = "polite",
): void {
  const announce = useAnnounce();
  useEffect(() => {
    if (message) announce(message, politeness);
  }, [announce, message, politeness]);
}

/** The visually hidden style, for text that only screen readers need. */
export const srOnly = visuallyHidden;
