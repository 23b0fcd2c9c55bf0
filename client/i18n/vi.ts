/**
 * Every UI string, Vietnamese (the default). The keys of this table are the key union: en.ts must
 * have exactly the same keys, so a string missing in either language is a type error.
 * Placeholders are written {name} and filled by t(key, { name }).
 */
export const vi = {
  "app.name": "Concord",
  "app.tagline": "Phòng họp trực tuyến của cụm thi đua",
  "lang.label": "Ngôn ngữ",
  "lang.vi": "Tiếng Việt",
  "lang.en": "English",

  "role.chair": "Chủ trì",
  "role.secretary": "Thư ký",
  "role.delegate": "Đại biểu",
  "role.screen": "Màn hình chiếu",
  "role.observer": "Theo dõi trực tuyến",

  "conn.connected": "Đã kết nối",
  "conn.reconnecting": "Đang kết nối lại…",
  "conn.offline": "Mất kết nối",
  "conn.stale": "Mất kết nối — dữ liệu có thể đã cũ",
  "conn.loading": "Đang tải dữ liệu hội nghị…",

  "home.title": "Chào mừng đến với Concord",
  "home.body": "Hãy mở đường liên kết tham dự (hoặc quét mã QR) mà Ban tổ chức đã gửi cho bạn.",
  "join.signingIn": "Đang đăng nhập thiết bị…",
  "join.errorTitle": "Không thể tham dự bằng liên kết này",
  "join.revoked":
    "Liên kết tham dự này đã bị thu hồi. Vui lòng liên hệ Thư ký hội nghị để nhận liên kết mới.",
  "join.invalid": "Liên kết tham dự không hợp lệ. Vui lòng kiểm tra lại mã QR hoặc đường liên kết.",
  "join.notFound": "Không tìm thấy hội nghị của liên kết này.",
  "join.network": "Không kết nối được máy chủ. Vui lòng kiểm tra mạng Wi-Fi rồi thử lại.",
  "join.retry": "Thử lại",
  "notoken.title": "Thiết bị này chưa được đăng nhập",
  "notoken.body": "Vui lòng mở lại đường liên kết tham dự (hoặc quét lại mã QR) dành cho vai trò: {role}.",
  "notfound.title": "Không tìm thấy trang",
  "notfound.body": "Địa chỉ này không tồn tại trong Concord.",
  "error.generic": "Đã có lỗi: {message}",
  "error.forbidden": "Vai trò của bạn không được phép xem trang này.",

  "header.agendaItem": "Nội dung đang diễn ra",
  "header.noAgenda": "Chưa bắt đầu",

  "agenda.title": "Chương trình hội nghị",
  "agenda.itemOf": "Mục {n}/{total}",
  "agenda.current": "Đang diễn ra",
  "agenda.next": "Tiếp theo",
  "agenda.prev": "‹ Mục trước",
  "agenda.nextBtn": "Mục sau ›",
  "agenda.jumpHint": "Chạm vào một mục để chuyển đến mục đó",
  "agenda.last": "Đây là mục cuối cùng",

  "attendance.title": "Điểm danh",
  "attendance.present": "Có mặt",
  "attendance.absent": "Vắng",
  "attendance.online": "Trực tuyến",
  "attendance.offline": "Không trực tuyến",
  "attendance.devices": "{n} thiết bị",
  "attendance.manual": "đánh dấu thủ công",
  "attendance.unit": "Đơn vị",
  "attendance.status": "Trạng thái",
  "attendance.mark": "Đánh dấu",
  "attendance.markPresent": "Có mặt",
  "attendance.markAbsent": "Vắng",
  "attendance.markAuto": "Tự động",
  "attendance.checkedIn": "Đã điểm danh",
  "attendance.notCheckedIn": "Chưa điểm danh",
  "quorum.met": "Đủ số lượng: {present}/{members} đơn vị có mặt (cần {required})",
  "quorum.notMet": "Không đủ số lượng: {present}/{members} đơn vị có mặt (cần {required})",

  "delegate.unitLabel": "Đơn vị",
  "delegate.currentItem": "Nội dung đang diễn ra",
  "panel.scores": "Bảng điểm",
  "panel.scores.soon":
    "Bảng chấm điểm (tự chấm, chấm chéo, thống nhất) sẽ hiện ở đây khi Chủ trì mở phần chấm điểm.",
  "panel.votes": "Biểu quyết",
  "panel.votes.soon": "Phiếu biểu quyết và bỏ phiếu kín sẽ hiện ở đây khi Chủ trì mở cuộc biểu quyết.",
  "panel.pledge": "Giao ước",
  "panel.pledge.soon": "Nội dung giao ước thi đua và ô ký sẽ hiện ở đây khi đến phần ký giao ước.",

  "chair.title": "Bàn điều khiển Chủ trì",
  "chair.screenTitle": "Màn hình chiếu đang hiển thị",
  "chair.devices": "Thiết bị đang kết nối",
  "chair.delegatesOnline": "Đại biểu",
  "chair.cardsLink": "In thẻ tham dự (mã QR)",
  "chair.followLink": "Xem như người theo dõi",
  "chair.failed": "Không thực hiện được: {message}",
  "chair.sending": "Đang gửi…",

  "view.welcome": "Chào mừng",
  "view.agenda": "Chương trình",
  "view.attendance": "Điểm danh",
  "view.scores": "Bảng điểm",
  "view.poll": "Biểu quyết",
  "view.pledge": "Giao ước",

  "screen.date": "Ngày {date}",
  "screen.venue": "Địa điểm: {venue}",
  "screen.upNext": "Các nội dung tiếp theo",
  "screen.scores.soon": "Bảng điểm thi đua sẽ được trình chiếu tại đây.",
  "screen.poll.soon": "Kết quả biểu quyết sẽ được trình chiếu tại đây.",
  "screen.pledge.soon": "Bản giao ước và các chữ ký sẽ được trình chiếu tại đây.",
  "screen.endOfAgenda": "Đây là nội dung cuối cùng của chương trình.",
  "screen.year": "Năm {year}",

  "follow.title": "Theo dõi trực tuyến",
  "follow.readOnly": "Chế độ chỉ xem",

  "cards.title": "Thẻ tham dự của đại biểu",
  "cards.hint":
    "In trên khổ A4, cắt theo đường viền và phát cho đại biểu của từng đơn vị. Quét mã QR để tham dự.",
  "cards.print": "In thẻ",
  "cards.back": "‹ Về bàn điều khiển",
  "cards.delegateN": "Đại biểu {n}/{total}",
  "cards.scan": "Quét mã để tham dự",
  "cards.loading": "Đang tải danh sách liên kết…",
  "cards.count": "{n} thẻ",

  "yjs.refused": "Thay đổi của bạn không được máy chủ chấp nhận ({reason}); dữ liệu đã được tải lại.",
  "toast.close": "Đóng",
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof vi;
