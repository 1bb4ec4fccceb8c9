/** A short tone for scan results (a high beep for a match, two low ones for a refusal). */
let audio: AudioContext | null = null;

export function playTone(kind: "good" | "bad"): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const beeps =
      kind === "good"
        ? [{ at: 0, hz: 1320 }]
        : [
            { at: 0, hz: 330 },
            { at: 0.18, hz: 262 },
          ];
    for (const b of beeps) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = b.hz;
      osc.type = "square";
      gain.gain.value = 0.08;
      osc.connect(gain).connect(ctx.destination);
      const start = ctx.currentTime + b.at;
      osc.start(start);
      osc.stop(start + 0.12);
    }
  } catch {
    // No audio (autoplay policy or no device): the banner and the live text still say it.
  }
}
