<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>BurnUpChart</name>
    <message>
        <location filename="../campaign_charts.py" line="54"/>
        <source>Enrolled against the plan</source>
        <translation>Số đã cấp so với kế hoạch</translation>
    </message>
    <message>
        <location filename="../campaign_charts.py" line="66"/>
        <source>No plan and no enrollments yet</source>
        <translation>Chưa có kế hoạch và chưa có hồ sơ nào</translation>
    </message>
    <message>
        <location filename="../campaign_charts.py" line="90"/>
        <source>Enrolled</source>
        <translation>Đã cấp</translation>
    </message>
    <message>
        <location filename="../campaign_charts.py" line="90"/>
        <source>Plan</source>
        <translation>Kế hoạch</translation>
    </message>
</context>
<context>
    <name>CampaignCounter</name>
    <message>
        <location filename="../campaign_counter.py" line="94"/>
        <source>Campaign &amp;queue (F11)</source>
        <translation>&amp;Hàng chờ chiến dịch (F11)</translation>
    </message>
    <message>
        <location filename="../campaign_counter.py" line="95"/>
        <source>Campaign &amp;progress (F12)</source>
        <translation>&amp;Tiến độ chiến dịch (F12)</translation>
    </message>
</context>
<context>
    <name>ChipPage</name>
    <message>
        <location filename="../chip_page.py" line="130"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="130"/>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="131"/>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="131"/>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="132"/>
        <source>Place of origin</source>
        <translation>Quê quán</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="132"/>
        <source>Place of residence</source>
        <translation>Nơi thường trú</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="133"/>
        <source>Issued on</source>
        <translation>Ngày cấp</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="133"/>
        <source>Valid until</source>
        <translation>Có giá trị đến</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="134"/>
        <source>Old ID number</source>
        <translation>Số CMND cũ</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="137"/>
        <source>Reading the chip: opening…</source>
        <translation>Đang đọc chip: mở kết nối…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="137"/>
        <source>Reading the chip: access key…</source>
        <translation>Đang đọc chip: khoá truy cập…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="138"/>
        <location filename="../chip_page.py" line="139"/>
        <source>Reading the chip: security data…</source>
        <translation>Đang đọc chip: dữ liệu bảo mật…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="139"/>
        <source>Checking the chip is genuine…</source>
        <translation>Đang kiểm tra chip thật…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="140"/>
        <source>Checking the chip is not a copy…</source>
        <translation>Đang kiểm tra chip không phải bản sao…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="140"/>
        <location filename="../chip_page.py" line="141"/>
        <source>Reading the chip: data…</source>
        <translation>Đang đọc chip: dữ liệu…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="141"/>
        <source>Reading the chip: personal details…</source>
        <translation>Đang đọc chip: thông tin cá nhân…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="142"/>
        <source>Reading the chip: photo…</source>
        <translation>Đang đọc chip: ảnh chân dung…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="142"/>
        <source>Reading the chip: issuer&apos;s signature…</source>
        <translation>Đang đọc chip: chữ ký của cơ quan cấp…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="143"/>
        <source>Reading the chip…</source>
        <translation>Đang đọc chip…</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="184"/>
        <source>No expiry</source>
        <translation>Không thời hạn</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="196"/>
        <source>Genuine chip</source>
        <translation>Chip thật</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="198"/>
        <source>Chip issuer not verified: no CSCA installed</source>
        <translation>Chưa xác minh được cơ quan cấp chip: chưa cài chứng thư CSCA</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="200"/>
        <location filename="../chip_page.py" line="222"/>
        <source>CHIP NOT AUTHENTIC: do not enroll with this card</source>
        <translation>CHIP KHÔNG HỢP LỆ: không đăng ký bằng thẻ này</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="202"/>
        <source>The card has expired</source>
        <translation>Thẻ đã hết hạn</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="208"/>
        <source>Chip read in %1 s</source>
        <translation>Đã đọc chip trong %1 giây</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="245"/>
        <source>Do not enroll: %1</source>
        <translation>Không đăng ký: %1</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="247"/>
        <source>Needs a decision before going on: see below</source>
        <translation>Cần quyết định trước khi tiếp tục: xem bên dưới</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="257"/>
        <source>Enrolled again</source>
        <translation>Đăng ký lại</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="258"/>
        <source>Why is this citizen enrolled again? (recorded, shown to the supervisor)</source>
        <translation>Vì sao công dân này đăng ký lại? (được ghi lại, lãnh đạo xem)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="259"/>
        <source>Go on with this reason</source>
        <translation>Tiếp tục với lý do này</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="259"/>
        <source>Go back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="265"/>
        <source>Approve a chip whose issuer is not verified</source>
        <translation>Phê duyệt chip chưa xác minh được cơ quan cấp</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="266"/>
        <source>Why may this card be enrolled? (recorded in the package)</source>
        <translation>Vì sao được đăng ký với thẻ này? (ghi vào hồ sơ)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="294"/>
        <source>Chip</source>
        <translation>Đọc chip</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="295"/>
        <source>Continue to the face (Enter)</source>
        <translation>Tiếp tục: chụp khuôn mặt (Enter)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="296"/>
        <source>Supervisor approval… (F7)</source>
        <translation>Lãnh đạo phê duyệt… (F7)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="297"/>
        <source>Read the card again (F5)</source>
        <translation>Đọc lại thẻ (F5)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="298"/>
        <source>Next citizen (F8)</source>
        <translation>Công dân tiếp theo (F8)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="299"/>
        <source>Enrol again, with a reason… (F4)</source>
        <translation>Đăng ký lại, có lý do… (F4)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="300"/>
        <source>Scan the QR code again (F6)</source>
        <translation>Quét lại mã QR (F6)</translation>
    </message>
    <message>
        <location filename="../chip_page.py" line="304"/>
        <source>Place the card on the reader and scan its QR code.</source>
        <translation>Đặt thẻ lên đầu đọc và quét mã QR trên thẻ.</translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <location filename="../credentials_dialog.py" line="38"/>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../credentials_dialog.py" line="39"/>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
</context>
<context>
    <name>DeviceIndicator</name>
    <message>
        <location filename="../status_bar.py" line="30"/>
        <source>Card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="31"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="32"/>
        <source>Fingerprint scanner</source>
        <translation>Máy quét vân tay</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="33"/>
        <source>QR scanner</source>
        <translation>Máy quét QR</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="38"/>
        <source>connected</source>
        <translation>đã kết nối</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="39"/>
        <source>simulated</source>
        <translation>mô phỏng</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="40"/>
        <source>missing</source>
        <translation>không có</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="41"/>
        <source>unavailable</source>
        <translation>không dùng được</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="42"/>
        <source>disabled</source>
        <translation>đã tắt</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="52"/>
        <source>starting…</source>
        <translation>đang khởi động…</translation>
    </message>
    <message>
        <location filename="../status_bar.py" line="54"/>
        <source>card on the reader</source>
        <translation>có thẻ trên đầu đọc</translation>
    </message>
</context>
<context>
    <name>DeviceNotices</name>
    <message>
        <location filename="../device_notices.py" line="43"/>
        <source>The card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <location filename="../device_notices.py" line="43"/>
        <source>The camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../device_notices.py" line="44"/>
        <source>The fingerprint scanner</source>
        <translation>Máy quét vân tay</translation>
    </message>
    <message>
        <location filename="../device_notices.py" line="45"/>
        <source>The QR scanner</source>
        <translation>Máy quét QR</translation>
    </message>
    <message>
        <location filename="../device_notices.py" line="52"/>
        <source>%1 is unplugged or not answering: plug it in again (nothing captured is lost).</source>
        <translation>%1 bị rút ra hoặc không phản hồi: hãy cắm lại (dữ liệu đã thu nhận không bị mất).</translation>
    </message>
</context>
<context>
    <name>DiskIndicator</name>
    <message>
        <location filename="../status_bar.py" line="88"/>
        <source>Disk</source>
        <translation>Ổ đĩa</translation>
    </message>
</context>
<context>
    <name>EvidencePanel</name>
    <message>
        <location filename="../approval_evidence.py" line="23"/>
        <source>Chip photo</source>
        <translation>Ảnh trong chip</translation>
    </message>
    <message>
        <location filename="../approval_evidence.py" line="23"/>
        <source>Taken now</source>
        <translation>Ảnh vừa chụp</translation>
    </message>
    <message>
        <location filename="../approval_evidence.py" line="42"/>
        <source>Citizen: %1 (%2)</source>
        <translation>Công dân: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../approval_evidence.py" line="43"/>
        <source>Reason: %1</source>
        <translation>Lý do: %1</translation>
    </message>
    <message>
        <location filename="../approval_evidence.py" line="44"/>
        <source>Asked by officer: %1</source>
        <translation>Cán bộ đề nghị: %1</translation>
    </message>
</context>
<context>
    <name>FacePage</name>
    <message>
        <location filename="../face_page.py" line="263"/>
        <source>The blink challenge is not available: the eye model is missing.</source>
        <translation>Không dùng được cách nhắm mở mắt: thiếu mô hình mắt.</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="331"/>
        <source>Same person</source>
        <translation>Cùng một người</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="331"/>
        <source>Uncertain: check by eye</source>
        <translation>Không chắc chắn: cán bộ đối chiếu bằng mắt</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="332"/>
        <source>NOT the same person</source>
        <translation>KHÔNG phải cùng một người</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="339"/>
        <source>Liveness not proven</source>
        <translation>Chưa chứng minh được người thật</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="341"/>
        <source>Accepted by the officer: %1</source>
        <translation>Cán bộ chấp nhận: %1</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="358"/>
        <source>Face distance %1 (same person at or below %2, not the same above %3); liveness: %4; checks failed: %5</source>
        <translation>Khoảng cách khuôn mặt %1 (cùng người khi ≤ %2, khác người khi &gt; %3); kiểm tra người thật: %4; kiểm tra chưa đạt: %5</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="362"/>
        <source>proven</source>
        <translation>đạt</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="362"/>
        <source>not proven</source>
        <translation>chưa đạt</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="371"/>
        <source>Refuse this enrollment</source>
        <translation>Từ chối hồ sơ này</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="372"/>
        <source>Why is the enrollment refused? (kept in the history)</source>
        <translation>Vì sao từ chối hồ sơ? (ghi vào lịch sử)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="373"/>
        <source>Next…</source>
        <translation>Tiếp…</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="373"/>
        <location filename="../face_page.py" line="380"/>
        <source>Go back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="374"/>
        <source>The face does not match the chip photo</source>
        <translation>Khuôn mặt không khớp với ảnh trong chip</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="379"/>
        <source>End this enrollment as refused? Its photos are deleted.</source>
        <translation>Kết thúc hồ sơ này là bị từ chối? Ảnh của hồ sơ sẽ bị xoá.</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="380"/>
        <source>Refuse the enrollment</source>
        <translation>Từ chối hồ sơ</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="387"/>
        <location filename="../face_page.py" line="394"/>
        <source>Accept this face</source>
        <translation>Chấp nhận khuôn mặt này</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="388"/>
        <source>Why is this face accepted? (recorded in the package)</source>
        <translation>Vì sao chấp nhận khuôn mặt này? (được ghi vào hồ sơ)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="451"/>
        <source>Good: hold still…</source>
        <translation>Tốt: giữ yên…</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="474"/>
        <source>Photo taken</source>
        <translation>Đã chụp ảnh</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="476"/>
        <source>Captured automatically: every check passed.</source>
        <translation>Đã chụp tự động: mọi tiêu chí đều đạt.</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="478"/>
        <source>Captured by the officer; failed checks: %1</source>
        <translation>Cán bộ chụp thủ công; tiêu chí chưa đạt: %1</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="483"/>
        <source>one face</source>
        <translation>một khuôn mặt</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="483"/>
        <source>too far</source>
        <translation>đứng quá xa</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="483"/>
        <source>lighting</source>
        <translation>ánh sáng</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="484"/>
        <source>looking straight</source>
        <translation>nhìn thẳng</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="484"/>
        <source>head level</source>
        <translation>giữ thẳng đầu</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="484"/>
        <source>sharpness</source>
        <translation>độ nét</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="485"/>
        <source>eyes open</source>
        <translation>mở mắt</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="486"/>
        <source>liveness</source>
        <translation>người thật</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="494"/>
        <source>Face</source>
        <translation>Khuôn mặt</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="495"/>
        <source>Capture now (Space)</source>
        <translation>Chụp ngay (phím cách)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="496"/>
        <source>Retake (F5)</source>
        <translation>Chụp lại (F5)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="497"/>
        <source>Accept with a reason… (F4)</source>
        <translation>Chấp nhận, ghi lý do… (F4)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="498"/>
        <source>Details (F7)</source>
        <translation>Chi tiết (F7)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="503"/>
        <source>Refuse and end this enrollment (F6)</source>
        <translation>Từ chối, kết thúc hồ sơ này (F6)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="504"/>
        <source>Cannot turn the head? Blink instead (F3)</source>
        <translation>Không quay đầu được? Nhắm mở mắt (F3)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="505"/>
        <source>Turn the head instead (F3)</source>
        <translation>Quay đầu thay vì nhắm mắt (F3)</translation>
    </message>
    <message>
        <location filename="../face_page.py" line="427"/>
        <location filename="../face_page.py" line="507"/>
        <source>Ask the citizen to look straight at the camera.</source>
        <translation>Đề nghị công dân nhìn thẳng vào camera.</translation>
    </message>
</context>
<context>
    <name>FingerExceptionDialog</name>
    <message>
        <location filename="../exception_dialog.py" line="40"/>
        <source>This finger cannot be taken</source>
        <translation>Không lấy được vân tay ngón này</translation>
    </message>
    <message>
        <location filename="../exception_dialog.py" line="42"/>
        <source>Why can the %1 not be taken?</source>
        <translation>Vì sao không lấy được %1?</translation>
    </message>
    <message>
        <location filename="../exception_dialog.py" line="57"/>
        <source>More detail (needed for another reason)</source>
        <translation>Ghi rõ thêm (bắt buộc với lý do khác)</translation>
    </message>
    <message>
        <location filename="../exception_dialog.py" line="61"/>
        <source>Photo of the hand (F4)</source>
        <translation>Chụp ảnh bàn tay (F4)</translation>
    </message>
    <message>
        <location filename="../exception_dialog.py" line="77"/>
        <source>Skip this finger</source>
        <translation>Bỏ qua ngón này</translation>
    </message>
    <message>
        <location filename="../exception_dialog.py" line="78"/>
        <source>Back to the scanner</source>
        <translation>Quay lại máy quét</translation>
    </message>
    <message>
        <location filename="../exception_dialog.py" line="104"/>
        <source>Choose the reason: press its number (1-%1).</source>
        <translation>Hãy chọn lý do: bấm số của lý do (1-%1).</translation>
    </message>
    <message>
        <location filename="../exception_dialog.py" line="107"/>
        <source>Say why in a few words.</source>
        <translation>Hãy ghi lý do bằng vài chữ.</translation>
    </message>
</context>
<context>
    <name>FingerPage</name>
    <message>
        <location filename="../finger_page.py" line="149"/>
        <source>No fingerprint scanner is configured.</source>
        <translation>Chưa cấu hình máy quét vân tay.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="176"/>
        <source>Good print (quality %1).</source>
        <translation>Vân tay tốt (chất lượng %1).</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="177"/>
        <source>Print too poor (quality %1): clean the finger and the glass, press a little harder, and place it again.</source>
        <translation>Vân tay chưa rõ (chất lượng %1): lau sạch ngón tay và mặt kính, ấn mạnh hơn một chút rồi đặt lại.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="179"/>
        <source>This is the same finger as before: please place the finger asked for.</source>
        <translation>Đây là ngón tay đã lấy trước đó: hãy đặt đúng ngón được yêu cầu.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="180"/>
        <source>This finger gives no usable print (quality %1): using another finger.</source>
        <translation>Ngón này không lấy được vân tay (chất lượng %1): chuyển sang ngón khác.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="181"/>
        <source>No finger of this hand reached the quality bar: the best print is kept.</source>
        <translation>Không ngón nào của bàn tay này đạt chuẩn: giữ lại vân tay tốt nhất.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="201"/>
        <source>Press Retry when ready.</source>
        <translation>Nhấn &quot;Thử lại&quot; khi sẵn sàng.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="242"/>
        <source>The fingerprint scanner is not answering: plug it in again.</source>
        <translation>Máy quét vân tay không phản hồi: hãy cắm lại máy quét.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="262"/>
        <source>Fingerprints done.</source>
        <translation>Đã lấy xong vân tay.</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="265"/>
        <source>Place the %1 on the scanner</source>
        <translation>Đặt %1 lên máy quét</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="267"/>
        <source>try %1 of %2</source>
        <translation>lần %1/%2</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="273"/>
        <source>quality</source>
        <translation>chất lượng</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="285"/>
        <source>Fingerprints</source>
        <translation>Vân tay</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="286"/>
        <source>Retry (F5)</source>
        <translation>Thử lại (F5)</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="287"/>
        <source>Finger missing or injured… (F2)</source>
        <translation>Ngón bị mất hoặc bị thương… (F2)</translation>
    </message>
    <message>
        <location filename="../finger_page.py" line="289"/>
        <source>Waiting for the face step to finish.</source>
        <translation>Đang chờ xong bước chụp khuôn mặt.</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../history_page.py" line="163"/>
        <source>refused by the centre (%1)</source>
        <translation>bị trung tâm từ chối (%1)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="165"/>
        <source>accepted by the centre</source>
        <translation>trung tâm đã tiếp nhận</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="166"/>
        <source>centre: possible duplicate, under review</source>
        <translation>trung tâm: có thể trùng, đang xem xét</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="169"/>
        <source>draft</source>
        <translation>nháp</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="169"/>
        <source>complete</source>
        <translation>hoàn tất</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="169"/>
        <source>exported</source>
        <translation>đã xuất</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="170"/>
        <source>synced</source>
        <translation>đã đồng bộ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="170"/>
        <source>received by the centre</source>
        <translation>trung tâm đã nhận</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="171"/>
        <source>discarded</source>
        <translation>đã huỷ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="171"/>
        <source>refused</source>
        <translation>đã từ chối</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="200"/>
        <source>Today: %1 enrollments — %2 drafts, %3 complete, %4 exported, %5 synced, %6 discarded</source>
        <translation>Hôm nay: %1 hồ sơ — %2 nháp, %3 hoàn tất, %4 đã xuất, %5 đã đồng bộ, %6 đã huỷ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="207"/>
        <source>Not yet exported or synced (all days): %1 packages</source>
        <translation>Chưa xuất hoặc đồng bộ (mọi ngày): %1 hồ sơ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="221"/>
        <source>forged chip</source>
        <translation>chip giả</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="221"/>
        <source>copied chip</source>
        <translation>chip sao chép</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="222"/>
        <source>chip withholding data</source>
        <translation>chip giấu dữ liệu</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="223"/>
        <source>Chip incidents today: %1 (report to the supervisor; `workstation incidents`)</source>
        <translation>Sự cố chip hôm nay: %1 (báo cáo lãnh đạo; `workstation incidents`)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="233"/>
        <source>face accepted by a supervisor</source>
        <translation>lãnh đạo chấp nhận khuôn mặt</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="234"/>
        <source>chip chain approved by a supervisor</source>
        <translation>lãnh đạo duyệt chuỗi chứng thư chip</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="235"/>
        <source>finger not taken</source>
        <translation>ngón không lấy được</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="236"/>
        <source>print below the bar</source>
        <translation>vân tay dưới ngưỡng</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="237"/>
        <source>chip: amber</source>
        <translation>chip: cần lưu ý</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="237"/>
        <source>QR: amber</source>
        <translation>QR: cần lưu ý</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="238"/>
        <source>card expiry: amber</source>
        <translation>hạn thẻ: cần lưu ý</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="239"/>
        <source>enrolled again, with a reason</source>
        <translation>đăng ký lại, có lý do</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="242"/>
        <source>same citizen %1 more time(s) in %2 days</source>
        <translation>cùng công dân thêm %1 lần trong %2 ngày</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="245"/>
        <source>approved by %1</source>
        <translation>đã duyệt bởi %1</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="247"/>
        <source>flagged by %1</source>
        <translation>đánh dấu bởi %1</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="257"/>
        <source>Only an enrollment with something to review can be approved or flagged.</source>
        <translation>Chỉ duyệt hoặc đánh dấu được hồ sơ có điểm cần xem lại.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="261"/>
        <source>Flag for follow-up</source>
        <translation>Đánh dấu cần xử lý</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="262"/>
        <source>What should be followed up?</source>
        <translation>Cần xử lý việc gì?</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="272"/>
        <source>Supervisor&apos;s review</source>
        <translation>Lãnh đạo duyệt</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="272"/>
        <source>A supervisor&apos;s user name and password.</source>
        <translation>Tên đăng nhập và mật khẩu của lãnh đạo.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="277"/>
        <source>Approved.</source>
        <translation>Đã duyệt.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="277"/>
        <source>Flagged for follow-up.</source>
        <translation>Đã đánh dấu cần xử lý.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="286"/>
        <source>Only a draft can be continued.</source>
        <translation>Chỉ tiếp tục được hồ sơ nháp.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="294"/>
        <source>Only a draft can be discarded.</source>
        <translation>Chỉ huỷ được hồ sơ nháp.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="298"/>
        <location filename="../history_page.py" line="306"/>
        <source>Discard the draft</source>
        <translation>Huỷ hồ sơ nháp</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="301"/>
        <source>Discard the draft of %1 (%2)? Its photos and fingerprints are deleted. Why?</source>
        <translation>Huỷ hồ sơ nháp của %1 (%2)? Ảnh và vân tay của hồ sơ sẽ bị xoá. Lý do?</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="302"/>
        <source>Next…</source>
        <translation>Tiếp…</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="302"/>
        <location filename="../history_page.py" line="306"/>
        <source>Keep the draft</source>
        <translation>Giữ hồ sơ nháp</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="305"/>
        <source>Delete the photos and fingerprints of %1 for good?</source>
        <translation>Xoá vĩnh viễn ảnh và vân tay của %1?</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="324"/>
        <source>Another folder…</source>
        <translation>Thư mục khác…</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="326"/>
        <source>Export to a USB stick</source>
        <translation>Xuất ra USB</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="326"/>
        <source>Which USB stick?</source>
        <translation>USB nào?</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="334"/>
        <source>No USB stick found: plug one in, or choose a folder.</source>
        <translation>Không thấy USB: hãy cắm USB, hoặc chọn một thư mục.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="341"/>
        <source>Export to a USB stick: choose its folder</source>
        <translation>Xuất ra USB: chọn thư mục trên USB</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="345"/>
        <source>Look in:</source>
        <translation>Tìm trong:</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="346"/>
        <source>Folder:</source>
        <translation>Thư mục:</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="347"/>
        <source>Type:</source>
        <translation>Loại:</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="348"/>
        <source>Export here</source>
        <translation>Xuất vào đây</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="349"/>
        <source>Cancel</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="359"/>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="366"/>
        <source>%1 packages written to %2.</source>
        <translation>Đã ghi %1 hồ sơ vào %2.</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="376"/>
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="420"/>
        <source>Today&apos;s enrollments</source>
        <translation>Hồ sơ hôm nay</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="421"/>
        <source>Search by ID number or name</source>
        <translation>Tìm theo số định danh hoặc họ tên</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="422"/>
        <source>Time</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="422"/>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="422"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="423"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="423"/>
        <source>Officer</source>
        <translation>Cán bộ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="423"/>
        <source>To review</source>
        <translation>Cần xem lại</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="424"/>
        <source>All states</source>
        <translation>Tất cả trạng thái</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="424"/>
        <source>To review (supervisor, end of day)</source>
        <translation>Cần lãnh đạo duyệt (cuối ngày)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="425"/>
        <source>Drafts</source>
        <translation>Bản nháp</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="425"/>
        <source>Complete</source>
        <translation>Đã lưu</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="425"/>
        <source>Exported</source>
        <translation>Đã xuất</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="426"/>
        <source>Synced</source>
        <translation>Đã đồng bộ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="426"/>
        <source>Refused</source>
        <translation>Đã từ chối</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="426"/>
        <source>Discarded</source>
        <translation>Đã huỷ</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="429"/>
        <source>Approve (supervisor)… (F4)</source>
        <translation>Duyệt (lãnh đạo)… (F4)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="430"/>
        <source>Flag for follow-up… (F6)</source>
        <translation>Đánh dấu cần xử lý… (F6)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="431"/>
        <source>Continue the draft (Enter)</source>
        <translation>Tiếp tục hồ sơ nháp (Enter)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="432"/>
        <source>Discard the draft… (Del)</source>
        <translation>Huỷ hồ sơ nháp… (Del)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="433"/>
        <source>Export to USB… (F7)</source>
        <translation>Xuất ra USB… (F7)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="434"/>
        <source>Sync now (F8)</source>
        <translation>Đồng bộ ngay (F8)</translation>
    </message>
    <message>
        <location filename="../history_page.py" line="435"/>
        <source>Back to the enrollment (F9)</source>
        <translation>Quay lại đăng ký (F9)</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <location filename="../idle_lock.py" line="48"/>
        <source>Locked: the screen was left unattended.
Enter your password to continue.</source>
        <translation>Đã khoá: màn hình bị bỏ trống.
Nhập mật khẩu để tiếp tục.</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <location filename="../app.py" line="96"/>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../app.py" line="97"/>
        <source>Officer&apos;s user name and password.</source>
        <translation>Tên đăng nhập và mật khẩu của cán bộ.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="284"/>
        <source>Level-2 electronic identity enrollment</source>
        <translation>Đăng ký định danh điện tử mức độ 2</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="285"/>
        <source>SIMULATED MODE: simulated devices, not for real enrollments</source>
        <translation>CHẾ ĐỘ MÔ PHỎNG: thiết bị giả lập, không dùng để đăng ký thật</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="289"/>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="290"/>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="291"/>
        <source>Today&apos;s &amp;enrollments (F9)</source>
        <translation>&amp;Hồ sơ hôm nay (F9)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="292"/>
        <source>&amp;Settings (F10)</source>
        <translation>&amp;Cài đặt (F10)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="293"/>
        <source>&amp;Language</source>
        <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="294"/>
        <source>&amp;Help</source>
        <translation>T&amp;rợ giúp</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="295"/>
        <source>&amp;About</source>
        <translation>&amp;Giới thiệu</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="358"/>
        <source>That code is not the QR code of a citizen ID card: scan the QR on the card.</source>
        <translation>Mã vừa quét không phải mã QR của thẻ Căn cước: hãy quét mã QR trên thẻ.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="363"/>
        <source>QR code of the next citizen kept: it is read when this enrollment ends.</source>
        <translation>Đã giữ mã QR của công dân tiếp theo: sẽ đọc khi xong hồ sơ này.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="404"/>
        <source>No card reader is configured.</source>
        <translation>Chưa cấu hình đầu đọc thẻ.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="452"/>
        <source>Recorded as chip incident no. %1 for the supervisor. Keep the card and report it.</source>
        <translation>Đã ghi nhận sự cố chip số %1 cho lãnh đạo. Giữ thẻ lại và báo cáo.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="475"/>
        <source>Scan the QR code of the card that is on the reader.</source>
        <translation>Quét mã QR của thẻ đang đặt trên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="522"/>
        <location filename="../main_window.py" line="578"/>
        <source>Supervisor approval</source>
        <translation>Lãnh đạo phê duyệt</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="523"/>
        <source>A supervisor must approve enrolling with a chip whose issuer is not verified. Reason: %1</source>
        <translation>Cần lãnh đạo phê duyệt việc đăng ký với chip chưa xác minh được cơ quan cấp. Lý do: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="569"/>
        <source>Refuse this enrollment</source>
        <translation>Từ chối hồ sơ này</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="572"/>
        <source>The enrollment was refused and kept in the history.</source>
        <translation>Hồ sơ đã bị từ chối và được lưu trong lịch sử.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="579"/>
        <source>A supervisor must approve accepting this face. Reason: %1</source>
        <translation>Cần lãnh đạo phê duyệt chấp nhận khuôn mặt này. Lý do: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="653"/>
        <location filename="../main_window.py" line="655"/>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="654"/>
        <source>Log out of the workstation? The enrollment on screen stays as a draft.</source>
        <translation>Đăng xuất khỏi máy trạm? Hồ sơ đang làm được giữ lại là hồ sơ nháp.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="655"/>
        <source>Stay logged in</source>
        <translation>Ở lại, không đăng xuất</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="660"/>
        <source>Logged out.
An officer logs in to continue.</source>
        <translation>Đã đăng xuất.
Cán bộ đăng nhập để tiếp tục.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="665"/>
        <source>Log in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="665"/>
        <source>Officer&apos;s user name and password.</source>
        <translation>Tên đăng nhập và mật khẩu của cán bộ.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="672"/>
        <source>Unlock</source>
        <translation>Mở khoá</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="672"/>
        <source>Enter your password to continue.</source>
        <translation>Nhập mật khẩu để tiếp tục.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="695"/>
        <source>Continue the draft</source>
        <translation>Tiếp tục hồ sơ nháp</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="696"/>
        <source>Finish or restart the enrollment in progress first.</source>
        <translation>Hãy hoàn tất hoặc làm lại hồ sơ đang đăng ký trước.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="702"/>
        <source>Place the citizen&apos;s card on the reader again to continue the draft.</source>
        <translation>Đặt lại thẻ của công dân lên đầu đọc để tiếp tục hồ sơ nháp.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="718"/>
        <source>The draft was discarded.</source>
        <translation>Đã huỷ hồ sơ nháp.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="744"/>
        <source>About</source>
        <translation>Giới thiệu</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="745"/>
        <source>Level-2 electronic identity enrollment workstation, version %1</source>
        <translation>Trạm đăng ký định danh điện tử mức độ 2, phiên bản %1</translation>
    </message>
</context>
<context>
    <name>OperatorBar</name>
    <message>
        <location filename="../operator_bar.py" line="78"/>
        <source>Log out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="84"/>
        <source>Officer: %1</source>
        <translation>Cán bộ: %1</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="85"/>
        <source>not registered with a centre</source>
        <translation>chưa đăng ký</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="86"/>
        <source>Workstation %1 · commune %2</source>
        <translation>Máy trạm %1 · xã %2</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="89"/>
        <source>offline (export to USB)</source>
        <translation>ngoại tuyến</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="91"/>
        <source>checking the centre…</source>
        <translation>đang kiểm tra trung tâm…</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="93"/>
        <source>centre online</source>
        <translation>trung tâm trực tuyến</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="95"/>
        <source>centre unreachable</source>
        <translation>không kết nối được trung tâm</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="96"/>
        <source>not yet sent: %1</source>
        <translation>chưa gửi: %1 hồ sơ</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="97"/>
        <source>last sync %1</source>
        <translation>đồng bộ lần cuối %1</translation>
    </message>
    <message>
        <location filename="../operator_bar.py" line="98"/>
        <source>never synced</source>
        <translation>chưa đồng bộ</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../campaign_progress.py" line="77"/>
        <source>Village</source>
        <translation>Thôn/Tổ dân phố</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="77"/>
        <source>Officer in charge</source>
        <translation>Cán bộ phụ trách</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="77"/>
        <source>Eligible</source>
        <translation>Đủ điều kiện</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="77"/>
        <source>Invited</source>
        <translation>Đã mời</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="78"/>
        <source>Came</source>
        <translation>Đã đến</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="78"/>
        <source>Enrolled</source>
        <translation>Đã cấp</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="78"/>
        <source>Refused</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="78"/>
        <source>No-show</source>
        <translation>Vắng</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="78"/>
        <source>Still due</source>
        <translation>Còn lại</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="79"/>
        <source>F12 or Esc: back to the enrollment; F5: refresh.</source>
        <translation>F12 hoặc Esc: quay lại tiếp nhận hồ sơ; F5: làm mới.</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="83"/>
        <source>Campaign progress</source>
        <translation>Tiến độ chiến dịch</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="90"/>
        <source>Campaign progress: %1</source>
        <translation>Tiến độ chiến dịch: %1</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="92"/>
        <source>not yet known</source>
        <translation>chưa tính được</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="95"/>
        <source>Quota %1 · enrolled %2 · pace %3 a working day · quota reached on %4 at this pace (plan: %5)</source>
        <translation>Chỉ tiêu %1 · đã cấp %2 · tốc độ %3 người/ngày làm việc · đạt chỉ tiêu ngày %4 nếu giữ tốc độ này (kế hoạch: %5)</translation>
    </message>
    <message>
        <location filename="../campaign_progress.py" line="101"/>
        <source>Whole commune</source>
        <translation>Toàn xã</translation>
    </message>
</context>
<context>
    <name>QrField</name>
    <message>
        <location filename="../step_pages.py" line="115"/>
        <source>QR code of the card (scan it, or paste the text and press Enter):</source>
        <translation>Mã QR trên thẻ (quét bằng máy quét, hoặc dán nội dung rồi nhấn Enter):</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="116"/>
        <source>scan the QR code here</source>
        <translation>quét mã QR vào đây</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="143"/>
        <source>QR read: %1, born %2, ID %3</source>
        <translation>Đã đọc mã QR: %1, sinh ngày %2, số định danh %3</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <location filename="../campaign_queue.py" line="81"/>
        <source>Refused</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="81"/>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="82"/>
        <source>Expected</source>
        <translation>Chờ đến</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="82"/>
        <source>Arrived</source>
        <translation>Đã đến</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="82"/>
        <source>Being served</source>
        <translation>Đang phục vụ</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="83"/>
        <source>No-show</source>
        <translation>Vắng</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="86"/>
        <source>Queue of this shift</source>
        <translation>Hàng chờ ca này</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="87"/>
        <source>&amp;Shift:</source>
        <translation>&amp;Ca:</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="88"/>
        <source>Slot</source>
        <translation>Giờ hẹn</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="88"/>
        <source>Name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="88"/>
        <source>Village</source>
        <translation>Thôn/Tổ dân phố</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="89"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="90"/>
        <source>Scan a slip or a card anywhere to check a citizen in. F11 or Esc: back to the enrollment; F5: refresh.</source>
        <translation>Quét giấy mời hoặc thẻ ở bất kỳ đâu để tiếp nhận công dân. F11 hoặc Esc: quay lại tiếp nhận hồ sơ; F5: làm mới.</translation>
    </message>
    <message>
        <location filename="../campaign_queue.py" line="101"/>
        <source>Whole day</source>
        <translation>Cả ngày</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../review_page.py" line="200"/>
        <source>Review</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="201"/>
        <source>Chip photo</source>
        <translation>Ảnh trong chip</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="202"/>
        <source>Taken now</source>
        <translation>Ảnh vừa chụp</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="203"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="203"/>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="203"/>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="204"/>
        <source>Mobile phone</source>
        <translation>Số điện thoại di động</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="204"/>
        <source>Email (optional)</source>
        <translation>Email (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="207"/>
        <source>The citizen agrees to the level-2 electronic identity enrollment</source>
        <translation>Công dân đồng ý đăng ký định danh điện tử mức độ 2</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="208"/>
        <source>Save the enrollment (Ctrl+S)</source>
        <translation>Lưu hồ sơ đăng ký (Ctrl+S)</translation>
    </message>
</context>
<context>
    <name>SavedPage</name>
    <message>
        <location filename="../review_page.py" line="293"/>
        <source>Receipt %1 sent to the printer.</source>
        <translation>Đã gửi giấy xác nhận %1 tới máy in.</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="305"/>
        <source>Save the receipt as PDF</source>
        <translation>Lưu giấy xác nhận thành PDF</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="319"/>
        <source>Receipt saved: %1</source>
        <translation>Đã lưu giấy xác nhận: %1</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="346"/>
        <source>Save</source>
        <translation>Lưu hồ sơ</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="347"/>
        <source>Next citizen (Enter)</source>
        <translation>Công dân tiếp theo (Enter)</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="348"/>
        <source>Print the receipt (Ctrl+P)</source>
        <translation>In giấy xác nhận (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="349"/>
        <source>Save the receipt as PDF (Ctrl+Shift+P)</source>
        <translation>Lưu giấy xác nhận thành PDF (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="353"/>
        <source>Give the ID card back to the citizen.</source>
        <translation>Trả thẻ Căn cước cho công dân.</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="356"/>
        <source>Today: %1 saved · in the last hour: %2</source>
        <translation>Hôm nay: đã lưu %1 hồ sơ · trong giờ vừa qua: %2</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="361"/>
        <source>Saving the signed and encrypted enrollment package…</source>
        <translation>Đang lưu hồ sơ đăng ký đã ký số và mã hoá…</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="366"/>
        <source>Enrollment of %1 saved.</source>
        <translation>Đã lưu hồ sơ đăng ký của %1.</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="368"/>
        <source>Reference %1. The enrollment is kept on this workstation until it is synced or exported.</source>
        <translation>Mã hồ sơ %1. Hồ sơ được lưu trên máy trạm này cho đến khi đồng bộ hoặc xuất ra USB.</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="371"/>
        <source>Card placed to saved: %1 s.</source>
        <translation>Từ lúc đặt thẻ đến khi lưu: %1 giây.</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="376"/>
        <source>Nothing captured is lost: the draft is kept. Fix the problem and save again.</source>
        <translation>Không mất dữ liệu đã thu nhận: bản nháp vẫn được giữ. Khắc phục sự cố rồi lưu lại.</translation>
    </message>
    <message>
        <location filename="../review_page.py" line="378"/>
        <source>Saving the signed and encrypted enrollment package.</source>
        <translation>Đang lưu hồ sơ đăng ký đã ký số và mã hoá.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../settings_page.py" line="157"/>
        <location filename="../settings_page.py" line="170"/>
        <source>Choose a file</source>
        <translation>Chọn tệp</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="189"/>
        <source>Supervisor approval</source>
        <translation>Lãnh đạo phê duyệt</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="189"/>
        <source>Thresholds are changed by a supervisor.</source>
        <translation>Chỉ lãnh đạo được thay đổi ngưỡng.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="277"/>
        <source>disabled</source>
        <translation>đã tắt</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="277"/>
        <source>unavailable</source>
        <translation>không dùng được</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="278"/>
        <source>simulated</source>
        <translation>mô phỏng</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="278"/>
        <source>ready</source>
        <translation>sẵn sàng</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="317"/>
        <source>The match threshold must not be above the no-match threshold.</source>
        <translation>Ngưỡng khớp không được lớn hơn ngưỡng không khớp.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="209"/>
        <source>%1 (%2 days old)</source>
        <translation>%1 (cách đây %2 ngày)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="210"/>
        <source>no CRL</source>
        <translation>chưa có CRL</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="218"/>
        <source>%1 CSCA certificates installed.</source>
        <translation>Đã cài %1 chứng thư CSCA.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="220"/>
        <source>No CSCA certificate installed: chips cannot be verified (call the administrator).</source>
        <translation>Chưa cài chứng thư CSCA nào: chưa xác minh được chip (gọi quản trị viên).</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="222"/>
        <source>%1 entries skipped (see the log).</source>
        <translation>Bỏ qua %1 mục (xem nhật ký).</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="236"/>
        <source>Import CSCA certificates or a CRL</source>
        <translation>Nhập chứng thư CSCA hoặc CRL</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="237"/>
        <source>Certificates, master lists, LDIF, CRLs (%1)</source>
        <translation>Chứng thư, danh sách CSCA, LDIF, CRL (%1)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="265"/>
        <source>Imported: %1 CSCA certificates, %2 CRLs.</source>
        <translation>Đã nhập: %1 chứng thư CSCA, %2 CRL.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="272"/>
        <source>Card reader</source>
        <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="272"/>
        <source>Camera</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="273"/>
        <source>Fingerprint scanner</source>
        <translation>Máy quét vân tay</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="273"/>
        <source>QR scanner</source>
        <translation>Máy quét QR</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="295"/>
        <source>%1 is not installed on this computer</source>
        <translation>chưa cài %1 trên máy này</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="296"/>
        <source>the driver could not be loaded (details in the tooltip)</source>
        <translation>không nạp được trình điều khiển (chi tiết khi rê chuột)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="333"/>
        <source>Saved. Devices, keys and thresholds take effect at the next start.</source>
        <translation>Đã lưu. Thiết bị, khoá và ngưỡng có hiệu lực từ lần khởi động sau.</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="340"/>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="342"/>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="342"/>
        <location filename="../settings_page.py" line="350"/>
        <source>Trusted CSCA certificates</source>
        <translation>Chứng thư CSCA tin cậy</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="342"/>
        <source>Server key (X25519, PEM)</source>
        <translation>Khoá máy chủ (X25519, PEM)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="343"/>
        <source>Police unit on receipts</source>
        <translation>Đơn vị in trên giấy xác nhận</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="343"/>
        <source>Large text (at the next start)</source>
        <translation>Chữ lớn (khi mở lại chương trình)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="344"/>
        <source>Lock after idle (minutes)</source>
        <translation>Tự khoá khi không dùng (phút)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="345"/>
        <source>Face: match at or below</source>
        <translation>Khuôn mặt: khớp khi khoảng cách ≤</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="345"/>
        <source>Face: no match above</source>
        <translation>Khuôn mặt: không khớp khi khoảng cách &gt;</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="346"/>
        <source>Fingerprint: lowest NFIQ 2</source>
        <translation>Vân tay: NFIQ 2 tối thiểu</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="346"/>
        <source>Face: eyes open at least (0 = off)</source>
        <translation>Khuôn mặt: độ mở mắt tối thiểu (0 = tắt)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="347"/>
        <source>Chip: require a trusted issuer chain</source>
        <translation>Chip: bắt buộc xác minh cơ quan cấp</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="349"/>
        <source>On (off: each unverified chip needs a supervisor&apos;s approval)</source>
        <translation>Bật (tắt: mỗi chip chưa xác minh cần lãnh đạo phê duyệt)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="351"/>
        <source>Import CSCA / CRL… (F7)</source>
        <translation>Nhập CSCA / CRL… (F7)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="355"/>
        <source>Change thresholds (supervisor)… (F4)</source>
        <translation>Thay đổi ngưỡng (lãnh đạo)… (F4)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="356"/>
        <source>Save settings (Ctrl+S)</source>
        <translation>Lưu cài đặt (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="352"/>
        <source>Subject</source>
        <translation>Chủ thể</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="352"/>
        <source>Country</source>
        <translation>Quốc gia</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="352"/>
        <source>Valid</source>
        <translation>Hiệu lực</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="353"/>
        <source>CRL</source>
        <translation>CRL</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="357"/>
        <source>Back to the enrollment (F10)</source>
        <translation>Quay lại đăng ký (F10)</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="358"/>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="358"/>
        <source>Driver</source>
        <translation>Trình điều khiển</translation>
    </message>
    <message>
        <location filename="../settings_page.py" line="358"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
</context>
<context>
    <name>SimulateMenu</name>
    <message>
        <location filename="../simulate_menu.py" line="91"/>
        <source>Camera scenario: a folder of frames</source>
        <translation>Kịch bản camera: thư mục ảnh khung hình</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="99"/>
        <location filename="../simulate_menu.py" line="118"/>
        <source>Citizen photo</source>
        <translation>Ảnh công dân</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="99"/>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>Ảnh (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="125"/>
        <source>&amp;Simulate</source>
        <translation>&amp;Mô phỏng</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="126"/>
        <source>&amp;Insert card</source>
        <translation>&amp;Đặt thẻ</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="127"/>
        <source>&amp;Remove card</source>
        <translation>&amp;Nhấc thẻ ra</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="128"/>
        <source>Camera &amp;scenario…</source>
        <translation>&amp;Kịch bản camera…</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="129"/>
        <source>Citizen &amp;photo (chip photo and camera)…</source>
        <translation>Ảnh &amp;công dân (ảnh trong chip và camera)…</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="130"/>
        <source>&amp;Fingerprint scenario</source>
        <translation>Tình huống &amp;vân tay</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="131"/>
        <source>The citizen in front of the camera</source>
        <translation>Công dân trước camera</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="132"/>
        <source>turns the head</source>
        <translation>quay đầu</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="132"/>
        <source>closes and opens the eyes</source>
        <translation>nhắm rồi mở mắt</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="133"/>
        <source>a printed photo held up</source>
        <translation>giơ ảnh in trước camera</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="133"/>
        <source>eyes shut</source>
        <translation>nhắm mắt</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="134"/>
        <source>two people</source>
        <translation>hai người</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="134"/>
        <source>nobody</source>
        <translation>không có ai</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="135"/>
        <source>a dark room</source>
        <translation>phòng tối</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="138"/>
        <source>genuine</source>
        <translation>thẻ thật</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="138"/>
        <source>fault</source>
        <translation>lỗi</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="138"/>
        <source>attack</source>
        <translation>tấn công</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="147"/>
        <source>every finger gives a good print at the first touch</source>
        <translation>mọi ngón cho vân tay tốt ngay lần đầu</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="148"/>
        <source>each finger&apos;s first touch is smudged; the retry is good</source>
        <translation>lần đặt đầu của mỗi ngón bị nhoè; lần lại thì tốt</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="149"/>
        <source>the right index never gives a usable print: the sequence falls back to the right thumb</source>
        <translation>ngón trỏ phải không bao giờ cho vân tay dùng được: chuyển sang ngón cái phải</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="151"/>
        <source>asked for the left index, the citizen puts the right index down again once</source>
        <translation>được yêu cầu ngón trỏ trái, công dân đặt lại ngón trỏ phải một lần</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="153"/>
        <source>nobody touches the glass: the capture times out</source>
        <translation>không ai đặt tay: hết thời gian chờ</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="154"/>
        <source>the scanner&apos;s cable comes out at the first capture</source>
        <translation>cáp máy quét tuột ra ở lần chụp đầu</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="155"/>
        <source>every finger is a real latent print, too poor to enrol</source>
        <translation>mọi ngón là một vân tay thật để lại (latent), quá kém để thu nhận</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="158"/>
        <source>Unplug the card reader</source>
        <translation>Rút đầu đọc thẻ</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="159"/>
        <source>Unplug the camera</source>
        <translation>Rút camera</translation>
    </message>
    <message>
        <location filename="../simulate_menu.py" line="160"/>
        <source>Unplug the fingerprint scanner</source>
        <translation>Rút máy quét vân tay</translation>
    </message>
</context>
<context>
    <name>StepTexts</name>
    <message>
        <location filename="../step_pages.py" line="26"/>
        <source>ID card</source>
        <translation>Thẻ căn cước</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="27"/>
        <source>Chip</source>
        <translation>Đọc chip</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="28"/>
        <source>Face</source>
        <translation>Khuôn mặt</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="29"/>
        <source>Fingerprints</source>
        <translation>Vân tay</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="30"/>
        <source>Review</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="31"/>
        <source>Save</source>
        <translation>Lưu hồ sơ</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="36"/>
        <source>Place the citizen&apos;s ID card on the reader and show its QR code to the camera.</source>
        <translation>Đặt thẻ căn cước của công dân lên đầu đọc và đưa mã QR trên thẻ vào camera.</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="37"/>
        <source>Reading the chip: keep the card still on the reader.</source>
        <translation>Đang đọc chip: giữ yên thẻ trên đầu đọc.</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="38"/>
        <source>Ask the citizen to look straight at the camera.</source>
        <translation>Đề nghị công dân nhìn thẳng vào camera.</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="39"/>
        <source>Ask the citizen to place the right index finger on the scanner.</source>
        <translation>Đề nghị công dân đặt ngón trỏ phải lên máy quét.</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="40"/>
        <source>Check every result, then enter the phone number and ask for consent.</source>
        <translation>Kiểm tra mọi kết quả, nhập số điện thoại và hỏi ý kiến đồng ý của công dân.</translation>
    </message>
    <message>
        <location filename="../step_pages.py" line="41"/>
        <source>Saving the signed and encrypted enrollment package.</source>
        <translation>Đang lưu hồ sơ đăng ký đã ký số và mã hoá.</translation>
    </message>
</context>
<context>
    <name>VillageBars</name>
    <message>
        <location filename="../campaign_charts.py" line="114"/>
        <source>Enrolled of the eligible, per village</source>
        <translation>Đã cấp trên số đủ điều kiện, theo thôn</translation>
    </message>
</context>
</TS>
