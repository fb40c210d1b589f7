package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// serial runs functions on the UI thread in the order they were given,
// without ever blocking the caller: the autosaver's notices ("已保存",
// "保存失败！") come from its goroutine, and the UI thread may itself be
// waiting for that goroutine (closing a draft waits for its last commit).
// A goroutine per notice (go fyne.Do) could deliver them out of order.
type serial struct {
	mu    sync.Mutex
	queue []func()
	wake  chan struct{}
	run   func(func()) // fyne.Do, or a test's own
}

func newSerial(run func(func())) *serial {
	s := &serial{wake: make(chan struct{}, 1), run: run}
	go s.loop()
	return s
}

// Do queues f.
func (s *serial) Do(f func()) {
	s.mu.Lock()
	s.queue = append(s.queue, f)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // the loop is awake already and will see f
	}
}

func (s *serial) loop() {
	for range s.wake {
		s.mu.Lock()
		q := s.queue
		s.queue = nil
		s.mu.Unlock()
		for _, f := range q {
			s.run(f)
		}
	}
}

// uiThread is fyne.Do, as a value.
func uiThread(f func()) { fyne.Do(f) }
