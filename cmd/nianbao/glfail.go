package main

import (
	"bytes"
	"io"
	"log"
	"os"
	"sync"
)

// Fyne needs OpenGL 2.1. Without it (remote desktop, a VM without 3D, no
// graphics driver) Fyne only logs "window creation error" and the process
// lingers with no window: to a clerk, the program "does nothing". We watch
// Fyne's log for that and exit with a message that says what to do.
const glMessage = "无法打开程序窗口：这台电脑的显卡驱动不支持 OpenGL 2.1。" +
	"远程桌面、虚拟机或没有安装显卡驱动时常见这种情况。\n\n解决办法（任选其一）：\n" +
	"1. 安装或更新显卡驱动后再打开；\n" +
	"2. 不通过远程桌面，在这台电脑上直接运行；虚拟机请开启 3D 加速；\n" +
	"3. 请信息技术人员把 Mesa 软件渲染的 opengl32.dll 放在 nianbao.exe 所在的文件夹中，再打开本程序。\n\n" +
	"已输入的数据都保存在数据文件中，不受影响。"

// glExitCode is the exit status when no window can be made.
const glExitCode = 3

var glMarkers = [][]byte{[]byte("window creation error"), []byte("failed to initialise GLFW")}

// glWatch passes log output through and reacts to Fyne's window errors.
type glWatch struct {
	out  io.Writer
	once sync.Once
	fail func()
}

func (w *glWatch) Write(p []byte) (int, error) {
	n, err := w.out.Write(p)
	for _, m := range glMarkers {
		if bytes.Contains(p, m) {
			w.once.Do(w.fail)
		}
	}
	return n, err
}

// watchGL installs the watch on the standard logger that Fyne uses.
func watchGL() {
	log.SetOutput(&glWatch{out: os.Stderr, fail: func() {
		os.Stderr.WriteString("\nnianbao: " + glMessage + "\n")
		showFatal("政务公开年报填报 — 无法打开窗口", glMessage)
		os.Exit(glExitCode)
	}})
}
