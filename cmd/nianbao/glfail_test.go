package main

import (
	"bytes"
	"testing"
)

func TestGLWatch(t *testing.T) {
	var out bytes.Buffer
	fails := 0
	w := &glWatch{out: &out, fail: func() { fails++ }}
	w.Write([]byte("2026/11/25 Fyne error:  failed to watch theme settings\n"))
	if fails != 0 {
		t.Fatal("fired on an unrelated error")
	}
	w.Write([]byte("2026/11/25 Fyne error:  window creation error\n"))
	w.Write([]byte("2026/11/25 Fyne error:  window creation error\n"))
	if fails != 1 {
		t.Fatalf("fired %d times, want once", fails)
	}
	if out.Len() == 0 {
		t.Error("log output swallowed")
	}
}
