<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
  <context>
    <name>DeviceIndicator</name>
    <message>
      <location filename="../status_bar.py" line="29" />
      <source>Card reader</source>
      <translation>Đầu đọc thẻ</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="30" />
      <source>Camera</source>
      <translation>Camera</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="31" />
      <source>Fingerprint scanner</source>
      <translation>Máy quét vân tay</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="32" />
      <source>QR scanner</source>
      <translation>Máy quét QR</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="37" />
      <source>connected</source>
      <translation>đã kết nối</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="38" />
      <source>simulated</source>
      <translation>mô phỏng</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="39" />
      <source>missing</source>
      <translation>không có</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="40" />
      <source>unavailable</source>
      <translation>không dùng được</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="41" />
      <source>disabled</source>
      <translation>đã tắt</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="51" />
      <source>starting…</source>
      <translation>đang khởi động…</translation>
    </message>
    <message>
      <location filename="../status_bar.py" line="53" />
      <source>card on the reader</source>
      <translation>có thẻ trên đầu đọc</translation>
    </message>
  </context>
  <context>
    <name>FacePage</name>
    <message>
      <location filename="../face_page.py" line="183" />
      <source>Same person</source>
      <translation>Cùng một người</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="183" />
      <source>Uncertain: check by eye</source>
      <translation>Không chắc chắn: cán bộ đối chiếu bằng mắt</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="184" />
      <source>NOT the same person</source>
      <translation>KHÔNG phải cùng một người</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="187" />
      <source>Liveness not proven</source>
      <translation>Chưa chứng minh được người thật</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="189" />
      <source>Accepted by the officer: %1</source>
      <translation>Cán bộ chấp nhận: %1</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="197" />
      <location filename="../face_page.py" line="204" />
      <source>Accept this face</source>
      <translation>Chấp nhận khuôn mặt này</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="198" />
      <source>Why is this face accepted? (recorded in the package)</source>
      <translation>Vì sao chấp nhận khuôn mặt này? (được ghi vào hồ sơ)</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="247" />
      <source>Good: hold still…</source>
      <translation>Tốt: giữ yên…</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="255" />
      <source>Photo taken</source>
      <translation>Đã chụp ảnh</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="266" />
      <source>Captured automatically: every check passed.</source>
      <translation>Đã chụp tự động: mọi tiêu chí đều đạt.</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="268" />
      <source>Captured by the officer; failed checks: %1</source>
      <translation>Cán bộ chụp thủ công; tiêu chí chưa đạt: %1</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="278" />
      <source>Face</source>
      <translation>Khuôn mặt</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="279" />
      <source>Capture now (Space)</source>
      <translation>Chụp ngay (phím cách)</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="280" />
      <source>Retake</source>
      <translation>Chụp lại</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="281" />
      <source>Accept with a reason…</source>
      <translation>Chấp nhận, ghi lý do…</translation>
    </message>
    <message>
      <location filename="../face_page.py" line="283" />
      <source>Ask the citizen to look straight at the camera.</source>
      <translation>Đề nghị công dân nhìn thẳng vào camera.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../main_window.py" line="145" />
      <source>Level-2 electronic identity enrollment</source>
      <translation>Đăng ký định danh điện tử mức độ 2</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="146" />
      <source>SIMULATED MODE: simulated devices, not for real enrollments</source>
      <translation>CHẾ ĐỘ MÔ PHỎNG: thiết bị giả lập, không dùng để đăng ký thật</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="150" />
      <source>&amp;File</source>
      <translation>&amp;Tệp</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="151" />
      <source>&amp;Quit</source>
      <translation>&amp;Thoát</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="152" />
      <source>&amp;Language</source>
      <translation>&amp;Ngôn ngữ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="153" />
      <source>&amp;Help</source>
      <translation>T&amp;rợ giúp</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="154" />
      <source>&amp;About</source>
      <translation>&amp;Giới thiệu</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="156" />
      <source>&amp;Simulate</source>
      <translation>&amp;Mô phỏng</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="157" />
      <source>&amp;Insert card</source>
      <translation>&amp;Đặt thẻ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="158" />
      <source>&amp;Remove card</source>
      <translation>&amp;Nhấc thẻ ra</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="159" />
      <source>Camera &amp;scenario…</source>
      <translation>&amp;Kịch bản camera…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="160" />
      <source>Unplug the card reader</source>
      <translation>Rút đầu đọc thẻ</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="161" />
      <source>Unplug the camera</source>
      <translation>Rút camera</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="162" />
      <source>Unplug the fingerprint scanner</source>
      <translation>Rút máy quét vân tay</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="180" />
      <source>Camera scenario: a folder of frames</source>
      <translation>Kịch bản camera: thư mục ảnh khung hình</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="192" />
      <source>About</source>
      <translation>Giới thiệu</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="193" />
      <source>Level-2 electronic identity enrollment workstation, version %1</source>
      <translation>Trạm đăng ký định danh điện tử mức độ 2, phiên bản %1</translation>
    </message>
  </context>
  <context>
    <name>QrField</name>
    <message>
      <location filename="../step_pages.py" line="115" />
      <source>QR code of the card (scan it, or paste the text and press Enter):</source>
      <translation>Mã QR trên thẻ (quét bằng máy quét, hoặc dán nội dung rồi nhấn Enter):</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="116" />
      <source>scan the QR code here</source>
      <translation>quét mã QR vào đây</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="131" />
      <source>QR read: %1, born %2, ID %3</source>
      <translation>Đã đọc mã QR: %1, sinh ngày %2, số định danh %3</translation>
    </message>
  </context>
  <context>
    <name>StepTexts</name>
    <message>
      <location filename="../step_pages.py" line="26" />
      <source>ID card</source>
      <translation>Thẻ căn cước</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="27" />
      <source>Chip</source>
      <translation>Đọc chip</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="28" />
      <source>Face</source>
      <translation>Khuôn mặt</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="29" />
      <source>Fingerprints</source>
      <translation>Vân tay</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="30" />
      <source>Review</source>
      <translation>Kiểm tra</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="31" />
      <source>Save</source>
      <translation>Lưu hồ sơ</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="36" />
      <source>Place the citizen's ID card on the reader and show its QR code to the camera.</source>
      <translation>Đặt thẻ căn cước của công dân lên đầu đọc và đưa mã QR trên thẻ vào camera.</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="37" />
      <source>Reading the chip: keep the card still on the reader.</source>
      <translation>Đang đọc chip: giữ yên thẻ trên đầu đọc.</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="38" />
      <source>Ask the citizen to look straight at the camera.</source>
      <translation>Đề nghị công dân nhìn thẳng vào camera.</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="39" />
      <source>Ask the citizen to place the right index finger on the scanner.</source>
      <translation>Đề nghị công dân đặt ngón trỏ phải lên máy quét.</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="40" />
      <source>Check every result, then enter the phone number and ask for consent.</source>
      <translation>Kiểm tra mọi kết quả, nhập số điện thoại và hỏi ý kiến đồng ý của công dân.</translation>
    </message>
    <message>
      <location filename="../step_pages.py" line="41" />
      <source>Saving the signed and encrypted enrollment package.</source>
      <translation>Đang lưu hồ sơ đăng ký đã ký số và mã hóa.</translation>
    </message>
  </context>
</TS>