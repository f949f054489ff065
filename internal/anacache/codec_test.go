package anacache

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/dockgen/dockgen/internal/analyze"
)

// fill sets every field reachable from v to a value that differs from the
// zero value and from its neighbours: slices get two elements, except
// that every third slice is empty but not nil.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n) - 40)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n%7)) // repeats, as file names do
	case reflect.Slice:
		if *n%3 == 0 {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	}
}

// TestRoundTrip: an entry decodes to a deep-equal copy of what was
// encoded, with every field of the Project (Main.LocalFiles, which JSON
// leaves out, too) and nil and empty slices told apart.
func TestRoundTrip(t *testing.T) {
	var in entry
	n := 0
	fill(reflect.ValueOf(&in).Elem(), &n)
	if len(in.Project.Mains) == 0 || len(in.Project.Mains[0].LocalFiles) == 0 {
		t.Fatal("fill left the mains' local files empty")
	}
	in.Project.Mains[1].LocalFiles = nil
	in.Project.Warnings = []string{}
	data := encode(reflect.ValueOf(&in).Elem())
	var out entry
	d := decoder{data: data}
	if err := d.decode(reflect.ValueOf(&out).Elem()); err != nil || len(d.data) != 0 {
		t.Fatalf("decode: %v, %d bytes left", err, len(d.data))
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip differs:\n in %+v\nout %+v", in, out)
	}
	if out.Project.Warnings == nil || out.Project.Mains[1].LocalFiles != nil {
		t.Error("nil and empty slices were not told apart")
	}
	for cut := range len(data) {
		d := decoder{data: data[:cut]}
		if err := d.decode(reflect.ValueOf(&entry{}).Elem()); err == nil {
			t.Fatalf("a truncated encoding (%d of %d bytes) decoded", cut, len(data))
		}
	}
}

// TestShape: a Project field of a kind the codec cannot encode fails here
// (and would change every key when encodable).
func TestShape(t *testing.T) {
	if _, err := shape(reflect.TypeOf(analyze.Project{})); err != nil {
		t.Fatal(err)
	}
	if _, err := shape(reflect.TypeOf(struct{ M map[string]int }{})); err == nil {
		t.Error("a map passed")
	}
}
