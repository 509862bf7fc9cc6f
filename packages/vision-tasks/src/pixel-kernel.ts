import { PIXEL_KERNEL_WASM_BASE64 } from "./pixel-kernel-wasm.js";

/** The functions of pixel-kernel.wat (see its header for what each computes and its limits). */
interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  area(...args: number[]): void;
  round(sums: number, n: number, d: number, inv: number, eps: number, dst: number, flags: number): number;
  tofloat(src: number, n: number, dst: number): void;
}

/** The part of the WebAssembly global used here (the project's TypeScript libs do not declare it). */
interface WasmGlobal {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/** Typed views of the kernel's memory. */
export interface KernelHeap {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
}

/** The WebAssembly SIMD kernels with their memory. */
export interface PixelKernel extends Omit<KernelExports, "memory"> {
  /** Views of the memory, grown first to at least `bytes` (views from before a growth are stale). */
  heap(bytes: number): KernelHeap;
}

/** The loaded kernel; null when this runtime cannot run it (no WebAssembly SIMD). */
let kernel: PixelKernel | null | undefined;

function load(): PixelKernel | null {
  try {
    // Synchronous compile: the resize is synchronous, and Node sets no size limit on it.
    const wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;
    const module = new wasm.Module(Buffer.from(PIXEL_KERNEL_WASM_BASE64, "base64"));
    const exports = new wasm.Instance(module, {}).exports as KernelExports;
    const memory = exports.memory;
    let views: KernelHeap | undefined;
    return {
      area: exports.area,
      round: exports.round,
      tofloat: exports.tofloat,
      heap(bytes: number): KernelHeap {
        const have = memory.buffer.byteLength;
        if (have < bytes) memory.grow(Math.ceil((bytes - have) / 65536));
        if (views === undefined || views.u8.buffer !== memory.buffer) {
          views = { u8: new Uint8Array(memory.buffer), i32: new Int32Array(memory.buffer), f32: new Float32Array(memory.buffer) };
        }
        return views;
      },
    };
  } catch {
    return null;
  }
}

/**
 * The WebAssembly SIMD kernels of this package (pixel-kernel.wat), loaded on first use, or
 * null where WebAssembly SIMD is unavailable (callers then use their plain JS loops, which
 * give the same values).
 */
export function pixelKernel(): PixelKernel | null {
  if (kernel === undefined) kernel = load();
  return kernel;
}

/** Rounds a byte offset up to a multiple of 16 (the kernels' vector width). */
export function align16(n: number): number {
  return (n + 15) & ~15;
}
