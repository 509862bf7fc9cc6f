;; WebAssembly SIMD kernels of @ssl4rl/vision-tasks, loaded by pixel-kernel.ts. Assembled by
;; scripts/assemble-pixel-kernel.ts into pixel-kernel-wasm.ts; a test reassembles this file and
;; checks that the committed bytes match. The callers (area-kernel.ts, tensor-image.ts) lay out
;; the memory and check the limits below before every call.
;;
;; `area`, the integer area resize: for each output row `o`, two passes:
;;   vertical:   row[i] = sum over t < yCount[o] of yWeight[o*yTaps+t] * src[(yStart[o]+t)*stride + i]
;;               for every byte i of the source row (RGB interleaved), 16 bytes at a time in
;;               u16 lanes; the caller guarantees 255 * (sum of a row's weights) < 65536.
;;   horizontal: out[(o*outW + x)*3 + c] = sum over t < xCount[x] of
;;               xWeight[x*xTaps+t] * row[(xStart[x]+t)*3 + c], one pixel (3 channels) per
;;               i32x4, as u32.
;; Tables are i32 arrays. Loads may read up to 15 bytes past a source row and up to 2 u16 past
;; the used part of `row`; stores write 4 bytes past each pixel's 12 and up to 30 bytes past
;; `row`'s used part (the caller leaves that room; the extra lanes are never read as results).
;; Every count is at least 1 (the caller checks), so all loops are do-while.
;;
;; `round` then turns n sums S into bytes q = floor((2S + D) / 2D), the exact average S/D
;; rounded half up, and lists the indices whose remainder r = 2S + D - 2D*q lies within `near`
;; of 0 or of 2D (see resize-area-exact.ts); it returns how many it listed. The quotient is
;; taken in f64 lanes with `inv` = (1 + 2^-40) / 2D, a hair above 1/2D, so truncation is exact
;; for 2S + D < 2^32 and D < 2^30. It reads up to 3 sums past n and writes up to 3 bytes past n.
;;
;; `tofloat` scales n bytes to float32 v / 255 (an IEEE-rounded f32 division, which equals the
;; JS Math.fround(v * (1 / 255)) for every byte value; a test checks all 256). It reads up to
;; 15 bytes past n and writes up to 15 floats past n.
(module
  (memory (export "memory") 1)
  (func (export "area")
    (param $src i32) (param $stride i32) (param $bytes i32) (param $outW i32) (param $outH i32)
    (param $yStart i32) (param $yCount i32) (param $yWeight i32) (param $yTaps i32)
    (param $xStart i32) (param $xCount i32) (param $xWeight i32) (param $xTaps i32)
    (param $row i32) (param $out i32)
    (local $o i32) (local $b i32) (local $t i32) (local $k i32) (local $p i32) (local $x i32)
    (local $w i32) (local $dst i32)
    (local $lo v128) (local $hi v128) (local $v v128) (local $acc v128)
    (loop $rows
      ;; vertical pass of output row o into row (u16)
      (local.set $k (i32.load (i32.add (local.get $yCount) (i32.shl (local.get $o) (i32.const 2)))))
      (local.set $b (i32.const 0))
      (loop $blocks
        (local.set $lo (v128.const i32x4 0 0 0 0))
        (local.set $hi (v128.const i32x4 0 0 0 0))
        (local.set $p
          (i32.add
            (i32.add (local.get $src) (local.get $b))
            (i32.mul (i32.load (i32.add (local.get $yStart) (i32.shl (local.get $o) (i32.const 2)))) (local.get $stride))))
        (local.set $w (i32.add (local.get $yWeight) (i32.shl (i32.mul (local.get $o) (local.get $yTaps)) (i32.const 2))))
        (local.set $t (i32.const 0))
        (loop $taps
          (local.set $v (v128.load (local.get $p)))
          (local.set $acc (i16x8.splat (i32.load (local.get $w))))
          (local.set $lo (i16x8.add (local.get $lo) (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $v)) (local.get $acc))))
          (local.set $hi (i16x8.add (local.get $hi) (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $v)) (local.get $acc))))
          (local.set $p (i32.add (local.get $p) (local.get $stride)))
          (local.set $w (i32.add (local.get $w) (i32.const 4)))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br_if $taps (i32.lt_u (local.get $t) (local.get $k))))
        (local.set $dst (i32.add (local.get $row) (i32.shl (local.get $b) (i32.const 1))))
        (v128.store (local.get $dst) (local.get $lo))
        (v128.store offset=16 (local.get $dst) (local.get $hi))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br_if $blocks (i32.lt_u (local.get $b) (local.get $bytes))))
      ;; horizontal pass: one output pixel (R, G, B and a spare lane) per i32x4
      (local.set $x (i32.const 0))
      (local.set $dst (i32.add (local.get $out) (i32.mul (i32.mul (local.get $o) (local.get $outW)) (i32.const 12))))
      (loop $pixels
        (local.set $k (i32.load (i32.add (local.get $xCount) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $p
          (i32.add (local.get $row)
            (i32.mul (i32.load (i32.add (local.get $xStart) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 6))))
        (local.set $w (i32.add (local.get $xWeight) (i32.shl (i32.mul (local.get $x) (local.get $xTaps)) (i32.const 2))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $t (i32.const 0))
        (loop $xtaps
          (local.set $acc
            (i32x4.add (local.get $acc)
              (i32x4.mul
                (i32x4.extend_low_i16x8_u (v128.load64_zero (local.get $p)))
                (i32x4.splat (i32.load (local.get $w))))))
          (local.set $p (i32.add (local.get $p) (i32.const 6)))
          (local.set $w (i32.add (local.get $w) (i32.const 4)))
          (local.set $t (i32.add (local.get $t) (i32.const 1)))
          (br_if $xtaps (i32.lt_u (local.get $t) (local.get $k))))
        (v128.store (local.get $dst) (local.get $acc))
        (local.set $dst (i32.add (local.get $dst) (i32.const 12)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br_if $pixels (i32.lt_u (local.get $x) (local.get $outW))))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $o) (local.get $outH)))))
  (func (export "round")
    (param $sums i32) (param $n i32) (param $d i32) (param $near i32) (param $inv f64)
    (param $dst i32) (param $flags i32) (result i32)
    (local $i i32) (local $count i32)
    (local $t v128) (local $q v128) (local $r v128) (local $m v128)
    (local $twoD v128) (local $dv v128) (local $nearv v128) (local $invv v128)
    (local.set $twoD (i32x4.splat (i32.shl (local.get $d) (i32.const 1))))
    (local.set $dv (i32x4.splat (local.get $d)))
    (local.set $nearv (i32x4.splat (local.get $near)))
    (local.set $invv (f64x2.splat (local.get $inv)))
    (loop $values
      (local.set $t
        (i32x4.add (i32x4.shl (v128.load (i32.add (local.get $sums) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 1)) (local.get $dv)))
      (local.set $q
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (i32x4.trunc_sat_f64x2_u_zero (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $t)) (local.get $invv)))
          (i32x4.trunc_sat_f64x2_u_zero
            (f64x2.mul
              (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $t) (local.get $t)))
              (local.get $invv)))))
      (local.set $r (i32x4.sub (local.get $t) (i32x4.mul (local.get $q) (local.get $twoD))))
      (local.set $m
        (v128.or
          (i32x4.le_u (local.get $r) (local.get $nearv))
          (i32x4.le_u (i32x4.sub (local.get $twoD) (local.get $r)) (local.get $nearv))))
      (local.set $q (i16x8.narrow_i32x4_u (local.get $q) (local.get $q)))
      (v128.store32_lane 0 (i32.add (local.get $dst) (local.get $i)) (i8x16.narrow_i16x8_u (local.get $q) (local.get $q)))
      (if (v128.any_true (local.get $m))
        (then
          (if (i32.and (i32x4.extract_lane 0 (local.get $m)) (i32.lt_u (local.get $i) (local.get $n)))
            (then
              (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
              (local.set $count (i32.add (local.get $count) (i32.const 1)))))
          (if (i32.and (i32x4.extract_lane 1 (local.get $m)) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
            (then
              (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (i32.add (local.get $i) (i32.const 1)))
              (local.set $count (i32.add (local.get $count) (i32.const 1)))))
          (if (i32.and (i32x4.extract_lane 2 (local.get $m)) (i32.lt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
            (then
              (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (i32.add (local.get $i) (i32.const 2)))
              (local.set $count (i32.add (local.get $count) (i32.const 1)))))
          (if (i32.and (i32x4.extract_lane 3 (local.get $m)) (i32.lt_u (i32.add (local.get $i) (i32.const 3)) (local.get $n)))
            (then
              (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (i32.add (local.get $i) (i32.const 3)))
              (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $values (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $count))
  (func (export "tofloat") (param $src i32) (param $n i32) (param $dst i32)
    (local $i i32) (local $v v128) (local $h v128) (local $p i32) (local $k v128)
    (local.set $k (f32x4.splat (f32.const 255)))
    (loop $bytes
      (local.set $v (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $h (i16x8.extend_low_i8x16_u (local.get $v)))
      (v128.store (local.get $p) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $h))) (local.get $k)))
      (v128.store offset=16 (local.get $p) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $h))) (local.get $k)))
      (local.set $h (i16x8.extend_high_i8x16_u (local.get $v)))
      (v128.store offset=32 (local.get $p) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $h))) (local.get $k)))
      (v128.store offset=48 (local.get $p) (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $h))) (local.get $k)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $bytes (i32.lt_u (local.get $i) (local.get $n))))))
