// Ordering f64 values in the kernels' memory: shared by the decisions (assembly/decide.ts) and
// the ring fit (assembly/kernels.ts). A value a sort puts at a place is the same whatever sorts
// it, so these give what JavaScript's sorts gave.

@inline
export function f64At(base: usize, i: i32): f64 {
  return load<f64>(base + (<usize>i << 3));
}
@inline
export function setF64(base: usize, i: i32, v: f64): void {
  store<f64>(base + (<usize>i << 3), v);
}

/** Sort n f64 at `a` ascending (insertion sort: for a few values, a bubble's sectors). */
export function sortF64(a: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    const v = f64At(a, i);
    let j = i - 1;
    while (j >= 0 && f64At(a, j) > v) {
      setF64(a, j + 1, f64At(a, j));
      j--;
    }
    setF64(a, j + 1, v);
  }
}

/** Sort n f64 at `a` ascending, any n (heapsort). */
export function heapSortF64(a: usize, n: i32): void {
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(a, i, n);
  for (let end = n - 1; end > 0; end--) {
    const t = f64At(a, 0);
    setF64(a, 0, f64At(a, end));
    setF64(a, end, t);
    siftDown(a, 0, end);
  }
}

function siftDown(a: usize, i: i32, n: i32): void {
  const v = f64At(a, i);
  let j = i;
  while (true) {
    let c = 2 * j + 1;
    if (c >= n) break;
    if (c + 1 < n && f64At(a, c + 1) > f64At(a, c)) c++;
    if (!(f64At(a, c) > v)) break;
    setF64(a, j, f64At(a, c));
    j = c;
  }
  setF64(a, j, v);
}

/**
 * Reorder the n values at `a` so that a[k] is the value a sort would put there, none before it
 * greater and none after it less (Hoare's selection).
 */
export function selectNth(a: usize, n: i32, k: i32): void {
  let l = 0, r = n - 1;
  while (l < r) {
    const x = f64At(a, k);
    let p = l, q = r;
    while (p <= q) {
      while (f64At(a, p) < x) p++;
      while (x < f64At(a, q)) q--;
      if (p <= q) {
        const t = f64At(a, p);
        setF64(a, p, f64At(a, q));
        setF64(a, q, t);
        p++;
        q--;
      }
    }
    if (q < k) l = p;
    if (k < p) r = q;
  }
}

/** The least of a[from..n). */
export function least(a: usize, from: i32, n: i32): f64 {
  let v = f64At(a, from);
  for (let k = from + 1; k < n; k++) if (f64At(a, k) < v) v = f64At(a, k);
  return v;
}

