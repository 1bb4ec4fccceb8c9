import { BarcodeDetector, prepareZXingModule } from "barcode-detector/ponyfill";
// Self-hosted and precached with the app (never jsDelivr, zxing-wasm's default).
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";

/** Loaded only when someone opens the camera fallback: the ponyfill and its wasm stay out of the page chunk. */
prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
});

export type Detector = { detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]> };

/** The browser's own BarcodeDetector when it reads Code 128, else the ZXing ponyfill. */
export async function createDetector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: typeof BarcodeDetector }).BarcodeDetector;
  if (native && native !== BarcodeDetector) {
    try {
      if ((await native.getSupportedFormats()).includes("code_128")) return new native({ formats: ["code_128"] });
    } catch {
      // fall through to the ponyfill
    }
  }
  return new BarcodeDetector({ formats: ["code_128"] });
}
