/** The room as people see it: big-screen pages, the tablet's task strip, the follow view, offline start. */
export const viRoom = {
  "room.page": "Trang {n}/{total}",
  "room.poll.passedCount": "{n}/{total} đơn vị được thông qua",
  "room.task.title": "Việc của đơn vị lúc này",
  "room.task.none": "Chưa có việc cần làm — theo dõi nội dung đang diễn ra.",
  "room.task.poll": "Biểu quyết đang mở: {title}",
  "room.task.cross": "Chấm chéo cho {unit}",
  "room.task.sign": "Ký bản giao ước thi đua",
  "room.task.go.poll": "Bỏ phiếu",
  "room.task.go.cross": "Chấm điểm",
  "room.task.go.pledge": "Ký",
  "room.task.offline": "Mất kết nối — các việc trên vẫn được giữ; phiếu và điểm sẽ tự gửi khi có mạng.",
  "room.disabled.offline": "Chưa gửi được vì mất kết nối — nút sẽ bật lại khi có mạng.",
  "room.disabled.pickAll": "Chọn ý kiến cho tất cả các đơn vị để tiếp tục.",
  "room.disabled.pickOne": "Chọn một đơn vị (hoặc phiếu trắng) để tiếp tục.",
} as const;
