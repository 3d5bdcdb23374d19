package webrtc

import "strconv"

// enumTable maps a W3C enum's values to the integers of its Go type.
type enumTable struct {
	name        string   // the IDL name, for error messages
	values      []string // index = Go value
	zeroInvalid bool     // the zero Go value means "unset", not a spec value
}

func (t *enumTable) str(v int) string {
	if v >= 0 && v < len(t.values) {
		return t.values[v]
	}
	return t.name + "(" + strconv.Itoa(v) + ")"
}

func (t *enumTable) marshal(v int) ([]byte, error) {
	if !t.valid(v) {
		return nil, newError(ErrType, "%d is not a valid %s", v, t.name)
	}
	return []byte(t.values[v]), nil
}

func (t *enumTable) unmarshal(b []byte, v *int) error {
	for i, s := range t.values {
		if (i > 0 || !t.zeroInvalid) && s == string(b) {
			*v = i
			return nil
		}
	}
	return newError(ErrType, "%q is not a valid value for enumeration %s", b, t.name)
}

func (t *enumTable) valid(v int) bool {
	return v >= 0 && v < len(t.values) && (v != 0 || !t.zeroInvalid)
}
