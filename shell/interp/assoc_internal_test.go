package interp

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// chainTable is bash's hash table as hashlib.c keeps it: chains in
// buckets, new keys at the front, growing by 4 before an insert into a
// table holding twice as many entries as buckets.
type chainTable struct{ buckets [][]string }

func (t *chainTable) insert(k string, n int) {
	if n >= 2*len(t.buckets) {
		old := t.buckets
		t.buckets = make([][]string, 4*len(old))
		for _, chain := range old {
			for _, key := range chain {
				b := fnv1(key) & uint32(len(t.buckets)-1)
				t.buckets[b] = append([]string{key}, t.buckets[b]...)
			}
		}
	}
	b := fnv1(k) & uint32(len(t.buckets)-1)
	t.buckets[b] = append([]string{k}, t.buckets[b]...)
}

func (t *chainTable) remove(k string) {
	b := fnv1(k) & uint32(len(t.buckets)-1)
	t.buckets[b] = slices.DeleteFunc(t.buckets[b], func(s string) bool { return s == k })
}

// TestAssocOrder: the order assocArray works out is the order of bash's
// chains, through growth, unsets, closed holes and m=(…).
func TestAssocOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{1, 10, 100, 5000, 12000} {
		a := newAssoc()
		ref := &chainTable{buckets: make([][]string, assocBuckets)}
		n := 0
		for op := range 3 * size {
			k := "k" + strconv.Itoa(r.IntN(size+1))
			switch {
			case op == 2*size && size > 100: // m=(…): emptied, same size
				a.clear()
				ref.buckets = make([][]string, len(ref.buckets))
				n = 0
			case r.IntN(4) == 0:
				if _, ok := a.get(k); ok {
					ref.remove(k)
					n--
				}
				a.del(k)
			default:
				if _, ok := a.get(k); !ok {
					ref.insert(k, n)
					n++
				}
				a.set(k, strconv.Itoa(op))
			}
			if op%(size/2+1) == 0 || op == 3*size-1 {
				want := slices.Concat(ref.buckets...)
				if got := a.keys(); !slices.Equal(got, want) {
					t.Fatalf("size %d, op %d: order differs from bash's chains (%d keys, want %d)", size, op, len(got), len(want))
				}
			}
		}
	}
}
