package parser

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// zeroPos returns a deep copy-free view: it zeroes every Pos field in x in
// place and returns x.
func zeroPos[T any](x T) T {
	mapValueAll(reflect.ValueOf(x))
	return x
}

func mapValueAll(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			mapValueAll(v.Elem())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			mapValueAll(v.Index(i))
		}
	case reflect.Map: // its values are pointers, settable through
		for _, k := range v.MapKeys() {
			mapValueAll(v.MapIndex(k))
		}
	case reflect.Struct:
		if v.Type() == posType {
			if v.CanSet() {
				v.Set(reflect.Zero(posType))
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				mapValueAll(v.Field(i))
			}
		}
	}
}

// dump renders a tree without positions, for test failure messages.
func dump(x any) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(x), 0)
	return b.String()
}

func dumpValue(b *strings.Builder, v reflect.Value, indent int) {
	pad := strings.Repeat("  ", indent)
	switch v.Kind() {
	case reflect.Invalid:
		b.WriteString("nil")
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		dumpValue(b, v.Elem(), indent)
	case reflect.Slice:
		if v.Len() == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i := 0; i < v.Len(); i++ {
			b.WriteString(pad + "  ")
			dumpValue(b, v.Index(i), indent+1)
			b.WriteString("\n")
		}
		b.WriteString(pad + "]")
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		b.WriteString("map[\n")
		for _, k := range keys {
			fmt.Fprintf(b, "%s  %v: ", pad, k)
			dumpValue(b, v.MapIndex(k), indent+1)
			b.WriteString("\n")
		}
		b.WriteString(pad + "]")
	case reflect.Struct:
		if v.Type() == posType {
			return
		}
		b.WriteString(v.Type().Name() + "{")
		first := true
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !v.Type().Field(i).IsExported() || f.Type() == posType || f.IsZero() {
				continue
			}
			if !first {
				b.WriteString(" ")
			}
			first = false
			b.WriteString(v.Type().Field(i).Name + ":")
			dumpValue(b, f, indent+1)
		}
		b.WriteString("}")
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
	default:
		fmt.Fprintf(b, "%v", v.Interface())
	}
}
