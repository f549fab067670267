import { useEffect, useState } from "react";

/**
 * Seconds left until a deadline, ticking once a second. The deadline is a clock time,
 * not a counter, so a throttled tab still shows the right figure when it wakes up.
 */
export function useCountdown(initialSeconds = 0) {
  const [deadline, setDeadline] = useState(() =>
    initialSeconds > 0 ? Date.now() + initialSeconds * 1000 : 0,
  );
  const [now, setNow] = useState(() => Date.now());

  // One interval per deadline, not per tick: it stops itself once the deadline passes.
  useEffect(() => {
    if (deadline <= Date.now()) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= deadline) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);

  const start = (seconds: number) => {
    const at = Date.now();
    setNow(at);
    setDeadline(at + seconds * 1000);
  };

  const secondsLeft = Math.max(0, Math.ceil((deadline - now) / 1000));
  return { secondsLeft, isRunning: secondsLeft > 0, start };
}
