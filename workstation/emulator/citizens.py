"""The made-up citizens of the fixture cards (names and numbers invented, see tests/fixtures/README.md)."""
from __future__ import annotations

from datetime import date

from workstation.emulator.profile import CitizenProfile

AN = CitizenProfile(
    id_number="001099012345", full_name="Nguyễn Văn An", birth_date=date(1999, 1, 1), sex="Nam",
    issue_date=date(2023, 4, 15), expiry_date=date(2039, 1, 1),
    place_of_origin="Xã Đông Hội, Huyện Đông Anh, Hà Nội",
    place_of_residence="Số 1 Ngõ 2, Phường Phúc Xá, Quận Ba Đình, Hà Nội",
    father_name="Nguyễn Văn Bình", mother_name="Trần Thị Cúc", old_id_number="012345678",
    card_serial="4A3F9C21B07D5E16")
BICH = CitizenProfile(
    id_number="079190004321", full_name="Trần Thị Bích Ngọc", birth_date=date(1990, 7, 23), sex="Nữ",
    issue_date=date(2021, 6, 2), expiry_date=date(2030, 7, 23),
    place_of_origin="Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
    place_of_residence="Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh",
    ethnicity="Kinh", religion="Phật giáo", identifying_marks="Sẹo chấm C:2cm dưới sau cằm phải",
    father_name="Trần Văn Đức", mother_name="Lê Thị Hoa", spouse_name="Phạm Minh Quân",
    old_id_number="023456789", card_serial="9E01C7D2A4B35F68")
CUONG = CitizenProfile(
    id_number="038952001122", full_name="Lê Văn Cường", birth_date=date(1952, 3, 9), sex="Nam",
    issue_date=date(2022, 11, 30), expiry_date=None,
    place_of_origin="Xã Hoằng Lộc, Huyện Hoằng Hóa, Thanh Hóa",
    place_of_residence="Thôn Đông, Xã Hoằng Lộc, Huyện Hoằng Hóa, Thanh Hóa",
    ethnicity="Mường", identifying_marks="Nốt ruồi C:0,5cm trên đuôi mắt phải",
    father_name="Lê Văn Tâm", mother_name="Đỗ Thị Lan", spouse_name="Vũ Thị Hằng", card_serial="")
DUNG = CitizenProfile(
    id_number="040203000777", full_name="Phạm Thị Dung", birth_date=date(2003, 12, 31), sex="Nữ",
    issue_date=date(2021, 3, 1), expiry_date=date(2028, 12, 31),
    place_of_origin="Xã Nghi Phong, Huyện Nghi Lộc, Nghệ An",
    place_of_residence="Khối 5, Phường Hưng Bình, Thành phố Vinh, Nghệ An",
    father_name="Phạm Văn Hùng", mother_name="Nguyễn Thị Mai", card_serial="00C4B1A9E2F73D58")
EM = CitizenProfile(
    id_number="002088009999", full_name="Hoàng Văn Em", birth_date=date(1988, 5, 5), sex="Nam",
    issue_date=date(2024, 7, 1), expiry_date=date(2028, 5, 5),
    place_of_origin="Xã Tân Trịnh, Huyện Quang Bình, Hà Giang",
    place_of_residence="Tổ 3, Phường Trần Phú, Thành phố Hà Giang, Hà Giang",
    ethnicity="Tày", father_name="Hoàng Văn Sinh", mother_name="Ma Thị Nụ", old_id_number="073088123",
    card_serial="")
