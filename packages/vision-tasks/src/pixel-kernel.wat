;; WebAssembly SIMD kernels of @ssl4rl/vision-tasks, loaded by pixel-kernel.ts. Assembled by
;; scripts/assemble-pixel-kernel.ts into pixel-kernel-wasm.ts; a test reassembles this file and
;; checks that the committed bytes match. The callers (area-kernel.ts, tensor-image.ts) lay out
;; the memory and check the limits below before every call.
;;
;; `area`, the integer area resize: for each output row `o`, two passes:
;;   vertical:   row[i] = sum over t < yCount[o] of yWeight[o*yTaps+t] * src[(yStart[o]+t)*stride + i]
;;               for every byte i of the source row (RGB interleaved), 16 bytes at a time in
;;               u16 lanes; the caller guarantees 255 * (sum of a row's weights) < 65536.
;;   horizontal: out[(o*outW + x)*3 + c] = sum over t < xTaps of
;;               xWeight[x*xTaps+t] * row[(xStart[x]+t)*3 + c], one pixel (3 channels) per
;;               i32x4, as i32. xWeight holds each weight 4 times (one v128 per tap), padded with
;;               zero weights up to xTaps taps per output; xTaps = 4 takes an unrolled path.
;; yStart, yCount, yWeight and xStart are i32 arrays. Loads may read up to 15 bytes past a
;; source row and up to xTaps + 1 pixels past the used part of `row`; stores write 4 bytes past
;; each pixel's 12 and up to 30 bytes past `row`'s used part (the caller leaves that room; the
;; extra lanes are never read as results, and padded taps weigh 0). Every count is at least 1
;; (the caller checks), so all loops are do-while.
;;
;; `round` then turns n sums S into bytes q = floor(p) with p = (2S + D) * inv, inv = 1/2D in
;; f32: the exact average S/D rounded half up wherever p's fraction is at least `eps` away from
;; 0 and 1 (the caller sets eps above p's rounding error, which is below 5e-5 for 2S + D < 2^31
;; and q <= 255). It lists the other indices, which the caller settles from the exact sums, and
;; returns how many it listed. It reads up to 15 sums past n and writes up to 15 bytes past n.
;;
;; `tofloat` scales n bytes to float32 v / 255 (an IEEE-rounded f32 division, which equals the
;; JS Math.fround(v * (1 / 255)) for every byte value; a test checks all 256). It reads up to
;; 15 bytes past n and writes up to 15 floats past n.
(module
  (memory (export "memory") 1)
  (func (export "area")
    (param $src i32) (param $stride i32) (param $bytes i32) (param $outW i32) (param $outH i32)
    (param $yStart i32) (param $yCount i32) (param $yWeight i32) (param $yTaps i32)
    (param $xStart i32) (param $xWeight i32) (param $xTaps i32)
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
      (local.set $w (local.get $xWeight))
      (loop $pixels
        (local.set $p
          (i32.add (local.get $row)
            (i32.mul (i32.load (i32.add (local.get $xStart) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 6))))
        (if (i32.eq (local.get $xTaps) (i32.const 4))
          (then
            (local.set $acc
              (i32x4.add
                (i32x4.add
                  (i32x4.mul (i32x4.extend_low_i16x8_u (v128.load64_zero (local.get $p))) (v128.load (local.get $w)))
                  (i32x4.mul (i32x4.extend_low_i16x8_u (v128.load64_zero offset=6 (local.get $p))) (v128.load offset=16 (local.get $w))))
                (i32x4.add
                  (i32x4.mul (i32x4.extend_low_i16x8_u (v128.load64_zero offset=12 (local.get $p))) (v128.load offset=32 (local.get $w)))
                  (i32x4.mul (i32x4.extend_low_i16x8_u (v128.load64_zero offset=18 (local.get $p))) (v128.load offset=48 (local.get $w))))))
            (local.set $w (i32.add (local.get $w) (i32.const 64))))
          (else
            (local.set $acc (v128.const i32x4 0 0 0 0))
            (local.set $t (i32.const 0))
            (loop $xtaps
              (local.set $acc
                (i32x4.add (local.get $acc)
                  (i32x4.mul (i32x4.extend_low_i16x8_u (v128.load64_zero (local.get $p))) (v128.load (local.get $w)))))
              (local.set $p (i32.add (local.get $p) (i32.const 6)))
              (local.set $w (i32.add (local.get $w) (i32.const 16)))
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br_if $xtaps (i32.lt_u (local.get $t) (local.get $xTaps))))))
        (v128.store (local.get $dst) (local.get $acc))
        (local.set $dst (i32.add (local.get $dst) (i32.const 12)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br_if $pixels (i32.lt_u (local.get $x) (local.get $outW))))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $o) (local.get $outH)))))
  (func (export "round")
    (param $sums i32) (param $n i32) (param $d i32) (param $inv f32) (param $eps f32)
    (param $dst i32) (param $flags i32) (result i32)
    (local $i i32) (local $j i32) (local $count i32) (local $s i32) (local $x f32)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128)
    (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128) (local $m v128)
    (local $dv v128) (local $invv v128) (local $lov v128) (local $hiv v128) (local $magic v128) (local $magicBits v128)
    (local.set $dv (i32x4.splat (local.get $d)))
    (local.set $invv (f32x4.splat (local.get $inv)))
    (local.set $lov (f32x4.splat (local.get $eps)))
    (local.set $hiv (f32x4.splat (f32.sub (f32.const 1) (local.get $eps))))
    (local.set $magic (f32x4.splat (f32.const 8388608)))
    (local.set $magicBits (i32x4.splat (i32.const 0x4b000000)))
    ;; 16 values per step: four i32x4 of sums, one 16-byte store.
    (loop $values
      (local.set $s (i32.add (local.get $sums) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $m (v128.const i32x4 0 0 0 0))
      (local.set $p0
        (f32x4.mul
          (f32x4.convert_i32x4_s (i32x4.add (i32x4.shl (v128.load (local.get $s)) (i32.const 1)) (local.get $dv)))
          (local.get $invv)))
      (local.set $q0 (f32x4.floor (local.get $p0)))
      (local.set $m
        (v128.or (local.get $m)
          (v128.or
            (f32x4.lt (f32x4.sub (local.get $p0) (local.get $q0)) (local.get $lov))
            (f32x4.gt (f32x4.sub (local.get $p0) (local.get $q0)) (local.get $hiv)))))
      ;; floor(p) + 2^23 holds the integer in its low mantissa bits (0 <= p < 2^23).
      (local.set $q0 (i32x4.sub (f32x4.add (local.get $q0) (local.get $magic)) (local.get $magicBits)))
      (local.set $p1
        (f32x4.mul
          (f32x4.convert_i32x4_s (i32x4.add (i32x4.shl (v128.load offset=16 (local.get $s)) (i32.const 1)) (local.get $dv)))
          (local.get $invv)))
      (local.set $q1 (f32x4.floor (local.get $p1)))
      (local.set $m
        (v128.or (local.get $m)
          (v128.or
            (f32x4.lt (f32x4.sub (local.get $p1) (local.get $q1)) (local.get $lov))
            (f32x4.gt (f32x4.sub (local.get $p1) (local.get $q1)) (local.get $hiv)))))
      ;; floor(p) + 2^23 holds the integer in its low mantissa bits (0 <= p < 2^23).
      (local.set $q1 (i32x4.sub (f32x4.add (local.get $q1) (local.get $magic)) (local.get $magicBits)))
      (local.set $p2
        (f32x4.mul
          (f32x4.convert_i32x4_s (i32x4.add (i32x4.shl (v128.load offset=32 (local.get $s)) (i32.const 1)) (local.get $dv)))
          (local.get $invv)))
      (local.set $q2 (f32x4.floor (local.get $p2)))
      (local.set $m
        (v128.or (local.get $m)
          (v128.or
            (f32x4.lt (f32x4.sub (local.get $p2) (local.get $q2)) (local.get $lov))
            (f32x4.gt (f32x4.sub (local.get $p2) (local.get $q2)) (local.get $hiv)))))
      ;; floor(p) + 2^23 holds the integer in its low mantissa bits (0 <= p < 2^23).
      (local.set $q2 (i32x4.sub (f32x4.add (local.get $q2) (local.get $magic)) (local.get $magicBits)))
      (local.set $p3
        (f32x4.mul
          (f32x4.convert_i32x4_s (i32x4.add (i32x4.shl (v128.load offset=48 (local.get $s)) (i32.const 1)) (local.get $dv)))
          (local.get $invv)))
      (local.set $q3 (f32x4.floor (local.get $p3)))
      (local.set $m
        (v128.or (local.get $m)
          (v128.or
            (f32x4.lt (f32x4.sub (local.get $p3) (local.get $q3)) (local.get $lov))
            (f32x4.gt (f32x4.sub (local.get $p3) (local.get $q3)) (local.get $hiv)))))
      ;; floor(p) + 2^23 holds the integer in its low mantissa bits (0 <= p < 2^23).
      (local.set $q3 (i32x4.sub (f32x4.add (local.get $q3) (local.get $magic)) (local.get $magicBits)))
      (v128.store (i32.add (local.get $dst) (local.get $i))
        (i8x16.narrow_i16x8_u
          (i16x8.narrow_i32x4_u (local.get $q0) (local.get $q1))
          (i16x8.narrow_i32x4_u (local.get $q2) (local.get $q3))))
      (if (v128.any_true (local.get $m))
        (then
          ;; Rare: find which of the 16 with the same f32 arithmetic, one at a time.
          (local.set $j (i32.const 0))
          (loop $lanes
            (if (i32.lt_u (i32.add (local.get $i) (local.get $j)) (local.get $n))
              (then
                (local.set $x
                  (f32.mul
                    (f32.convert_i32_s
                      (i32.add (i32.shl (i32.load (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 1)) (local.get $d)))
                    (local.get $inv)))
                (local.set $x (f32.sub (local.get $x) (f32.floor (local.get $x))))
                (if (i32.or (f32.lt (local.get $x) (local.get $eps)) (f32.gt (local.get $x) (f32.sub (f32.const 1) (local.get $eps))))
                  (then
                    (i32.store (i32.add (local.get $flags) (i32.shl (local.get $count) (i32.const 2))) (i32.add (local.get $i) (local.get $j)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br_if $lanes (i32.lt_u (local.get $j) (i32.const 16))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $values (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $count))
  (func (export "tofloat") (param $src i32) (param $n i32) (param $dst i32)
    (local $i i32) (local $v v128) (local $h v128) (local $p i32) (local $k v128)
    (local.set $k (f32x4.splat (f32.const 255)))
    (loop $bytes
      (local.set $v (v128.load (i32.add (local.get $src) (local.get $i))))
      (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $h (i16x8.extend_low_i8x16_u (local.get $v)))
      (v128.store (local.get $p) (f32x4.div (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_u (local.get $h))) (local.get $k)))
      (v128.store offset=16 (local.get $p) (f32x4.div (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_u (local.get $h))) (local.get $k)))
      (local.set $h (i16x8.extend_high_i8x16_u (local.get $v)))
      (v128.store offset=32 (local.get $p) (f32x4.div (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_u (local.get $h))) (local.get $k)))
      (v128.store offset=48 (local.get $p) (f32x4.div (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_u (local.get $h))) (local.get $k)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $bytes (i32.lt_u (local.get $i) (local.get $n))))))
