package project

import "github.com/pgext-ls/pgext-ls/internal/control"

// Relocatable reports whether e's primary control file says relocatable
// = true (the server's default is false).
func (e *Extension) Relocatable() bool {
	if e.Control == nil || e.Control.Control == nil || e.ControlUnknown("relocatable") {
		return false
	}
	v, ok := e.Control.Control.Get("relocatable")
	if !ok {
		return false
	}
	b, _ := control.ParseBool(v.Value)
	return b
}

// FixedSchema returns the schema e's primary control file fixes (schema =
// name), "" when the installing user picks it.
func (e *Extension) FixedSchema() string {
	if e.Control == nil || e.Control.Control == nil || e.ControlUnknown("schema") {
		return ""
	}
	v, _ := e.Control.Control.Get("schema")
	return v.Value
}
