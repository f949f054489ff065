package anacache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// The entries are encoded by reflection, in a format that keeps what gob
// and JSON lose: every field (Main.LocalFiles is json:"-"), and the
// difference between a nil and an empty slice (Project.Warnings is [] in
// JSON, never null). Supported are structs of exported fields, slices,
// strings, booleans and integers: what analyze.Project is made of. Each
// distinct string is written once and referred to by number after that:
// the mains of a large repository share most of their file names. shape
// says which types a format holds, so that a changed Project changes the
// cache key.

var errCorrupt = errors.New("corrupt entry")

// shape describes t, field by field, and fails on a kind the codec cannot
// encode.
func shape(t reflect.Type) (string, error) {
	var b strings.Builder
	var walk func(t reflect.Type) error
	walk = func(t reflect.Type) error {
		switch t.Kind() {
		case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			b.WriteString(t.Kind().String())
		case reflect.Slice:
			b.WriteString("[]")
			return walk(t.Elem())
		case reflect.Struct:
			b.WriteString("{")
			for i := range t.NumField() {
				f := t.Field(i)
				if !f.IsExported() {
					return fmt.Errorf("%s.%s: unexported field", t, f.Name)
				}
				b.WriteString(f.Name + " ")
				if err := walk(f.Type); err != nil {
					return err
				}
				b.WriteString(";")
			}
			b.WriteString("}")
		default:
			return fmt.Errorf("%s: kind %s is not encoded", t, t.Kind())
		}
		return nil
	}
	err := walk(t)
	return b.String(), err
}

// encoder writes values; strings holds the number of each string written.
type encoder struct {
	buf     []byte
	strings map[string]uint64
}

// encode returns the encoding of v, whose type passes shape.
func encode(v reflect.Value) []byte {
	e := encoder{strings: map[string]uint64{}}
	e.value(v)
	return e.buf
}

func (e *encoder) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			e.buf = append(e.buf, 1)
		} else {
			e.buf = append(e.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = binary.AppendVarint(e.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.buf = binary.AppendUvarint(e.buf, v.Uint())
	case reflect.String:
		e.string(v.String())
	case reflect.Slice:
		if v.IsNil() {
			e.buf = append(e.buf, 0) // length+1, so that nil and empty differ
			return
		}
		e.buf = binary.AppendUvarint(e.buf, uint64(v.Len())+1)
		if v.Type().Elem().Kind() == reflect.Uint8 {
			e.buf = append(e.buf, v.Bytes()...)
			return
		}
		for i := range v.Len() {
			e.value(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			e.value(v.Field(i))
		}
	default:
		panic("anacache: cannot encode " + v.Type().String()) // shape rules it out
	}
}

// string writes 1+n for the nth string already written, else 0, the
// length and the bytes.
func (e *encoder) string(s string) {
	if n, ok := e.strings[s]; ok {
		e.buf = binary.AppendUvarint(e.buf, n+1)
		return
	}
	e.strings[s] = uint64(len(e.strings))
	e.buf = append(e.buf, 0)
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// decoder reads what encode wrote.
type decoder struct {
	data    []byte
	strings []string
}

func (d *decoder) uvarint() (uint64, error) {
	n, k := binary.Uvarint(d.data)
	if k <= 0 {
		return 0, errCorrupt
	}
	d.data = d.data[k:]
	return n, nil
}

// length reads a length, less bias, and checks that the data can hold it:
// every element takes at least one byte.
func (d *decoder) length(bias uint64) (int, error) {
	n, err := d.uvarint()
	if err != nil || n < bias || n-bias > uint64(len(d.data)) {
		return 0, errCorrupt
	}
	return int(n - bias), nil
}

// decode sets v, which is settable, from the data.
func (d *decoder) decode(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool:
		if len(d.data) == 0 || d.data[0] > 1 {
			return errCorrupt
		}
		v.SetBool(d.data[0] == 1)
		d.data = d.data[1:]
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, k := binary.Varint(d.data)
		if k <= 0 || v.OverflowInt(n) {
			return errCorrupt
		}
		v.SetInt(n)
		d.data = d.data[k:]
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := d.uvarint()
		if err != nil || v.OverflowUint(n) {
			return errCorrupt
		}
		v.SetUint(n)
	case reflect.String:
		s, err := d.string()
		if err != nil {
			return err
		}
		v.SetString(s)
	case reflect.Slice:
		return d.slice(v)
	case reflect.Struct:
		for i := range v.NumField() {
			if err := d.decode(v.Field(i)); err != nil {
				return err
			}
		}
	default:
		return errCorrupt
	}
	return nil
}

func (d *decoder) string() (string, error) {
	ref, err := d.uvarint()
	switch {
	case err != nil || ref > uint64(len(d.strings)):
		return "", errCorrupt
	case ref > 0:
		return d.strings[ref-1], nil
	}
	n, err := d.length(0)
	if err != nil {
		return "", err
	}
	s := string(d.data[:n])
	d.data = d.data[n:]
	d.strings = append(d.strings, s)
	return s, nil
}

func (d *decoder) slice(v reflect.Value) error {
	if len(d.data) > 0 && d.data[0] == 0 {
		d.data = d.data[1:]
		return nil // nil, v's zero value
	}
	n, err := d.length(1)
	if err != nil {
		return err
	}
	if v.Type().Elem().Kind() == reflect.Uint8 {
		v.SetBytes(append([]byte{}, d.data[:n]...))
		d.data = d.data[n:]
		return nil
	}
	s := reflect.MakeSlice(v.Type(), n, n)
	for i := range n {
		if err := d.decode(s.Index(i)); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}
