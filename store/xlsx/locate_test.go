package xlsx

import "testing"

// A split head is first tried by its ending, without joining its halves.
func TestJoinedTail(t *testing.T) {
	for _, tc := range [][2]string{{"商业", "企"}, {"a", "b"}, {"总", "计"}, {"x\xe6", "\x97"}, {"\xe6\x97", "\xa5"}, {"", "a"}, {"ab", ""}, {"a", "bc"}, {"\uFFFD", "\uFFFD"}} {
		k, ok := joinedTail(tc[0], tc[1])
		if want := tailKey(tc[0] + tc[1]); ok && k != want {
			t.Errorf("joinedTail(%q, %q) = %x, tailKey of the joined text %x", tc[0], tc[1], k, want)
		}
		if !ok && tc[0] == "a" && tc[1] == "b" {
			t.Errorf("joinedTail(%q, %q) not worked out", tc[0], tc[1])
		}
	}
}
