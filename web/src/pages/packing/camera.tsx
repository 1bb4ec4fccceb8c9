import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { normalizeScannedTag } from "../../../../src/contracts/metrc-tag";
import { Dialog } from "../../components/dialog";
import type { Detector } from "./camera-decoder";

const loadDetector = () => import("./camera-decoder").then((m) => m.createDetector());

/**
 * Camera fallback for devices without a wedge scanner: the live camera, or a photo of the label.
 * The decoder (ponyfill + wasm, ~470 KB) loads only when this opens; the first tag read goes to
 * the same scan handler as the wedge.
 */
export function CameraScan({ onTag, onClose }: { onTag: (tag: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const state = useSignal("Loading the barcode reader…");
  const detector = useRef<Promise<Detector> | null>(null);
  detector.current ??= loadDetector();

  const found = (raw: string) => {
    const tag = normalizeScannedTag(raw);
    if (!tag) return false;
    onTag(tag);
    onClose();
    return true;
  };

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    (async () => {
      const d = await detector.current;
      if (stopped || !d) return;
      if (!navigator.mediaDevices?.getUserMedia) {
        state.value = "No camera here: take or choose a photo of the label instead.";
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch {
        state.value = "The camera is unavailable or not allowed: take or choose a photo of the label instead.";
        return;
      }
      const v = video.current;
      if (!v || stopped) return;
      v.srcObject = stream;
      await v.play().catch(() => undefined);
      state.value = "Point the camera at the package's barcode.";
      const tick = async () => {
        if (stopped) return;
        try {
          const codes = v.readyState >= 2 ? await d.detect(v) : [];
          if (codes[0] && found(codes[0].rawValue)) return;
        } catch {
          // a frame that could not be read: try the next one
        }
        timer = setTimeout(() => void tick(), 250);
      };
      void tick();
    })().catch(() => {
      state.value = "The barcode reader could not load.";
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, []);

  async function fromPhoto(file: File | undefined) {
    if (!file) return;
    state.value = "Reading the photo…";
    try {
      const d = await detector.current;
      const bitmap = await createImageBitmap(file);
      const codes = (await d?.detect(bitmap)) ?? [];
      if (!(codes[0] && found(codes[0].rawValue))) state.value = "No barcode found in that photo. Try again closer and sharper.";
    } catch {
      state.value = "That photo could not be read.";
    }
  }

  return (
    <Dialog title="Scan with camera" onClose={onClose}>
      <p role="status">{state.value}</p>
      <video ref={video} class="pk-camera" muted playsInline />
      <label class="field">
        <span>Or take / choose a photo of the label</span>
        <input type="file" accept="image/*" capture="environment" onChange={(e) => void fromPhoto(e.currentTarget.files?.[0])} />
      </label>
    </Dialog>
  );
}
