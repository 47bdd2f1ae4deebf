// Runs in: Node (tests, benchmarks, `kiosk forms fill` samples). A constructed citizen and complete
// answers for every shipped procedure, so tests prove each file validates and renders. All people
// and ID numbers are invented; the IDs are built by the rules they are checked against.
import type { FieldValue } from './draft-types';
import type { DocumentFacts, IdentityForForms } from './identity';

/** The citizen at the kiosk: a mother, read from her CCCD chip (DG13). */
export const SAMPLE_IDENTITY: IdentityForForms = {
  personalId: { value: '001190012345', source: 'chip-dg13' },
  oldIdNumber: { value: '012345678', source: 'chip-dg13' },
  fullName: { value: 'Vũ Thị Ấu', source: 'chip-dg13' },
  dateOfBirth: { value: '15/03/1990', source: 'chip-dg13' },
  sex: { value: 'female', source: 'chip-dg13' },
  nationality: { value: 'Việt Nam', source: 'chip-dg13' },
  ethnicity: { value: 'Kinh', source: 'chip-dg13' },
  religion: { value: 'Không', source: 'chip-dg13' },
  placeOfOrigin: { value: 'Xã Đức Hợp, Huyện Kim Động, Tỉnh Hưng Yên', source: 'chip-dg13' },
  permanentAddress: { value: 'Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội', source: 'chip-dg13' },
  identifyingMarks: { value: 'Nốt ruồi cách 2 cm trên mép trái', source: 'chip-dg13' },
  issueDate: { value: '10/08/2021', source: 'chip-dg13' },
  expiryDate: { value: '15/03/2030', source: 'chip-dg13' },
  fatherName: { value: 'Vũ Văn Lợi', source: 'chip-dg13' },
  motherName: { value: 'Đỗ Thị Ẫn', source: 'chip-dg13' },
  spouseName: { value: 'Lê Đức Thắng', source: 'chip-dg13' },
};

/** OCR of the hospital's birth notice. */
export const SAMPLE_DOCUMENTS: DocumentFacts = {
  'giay-chung-sinh': {
    childName: { value: 'Lê Đức Lợi', source: 'document-ocr' },
    dateOfBirth: { value: '10/11/2026', source: 'document-ocr' },
    sex: { value: 'male', source: 'document-ocr' },
    number: { value: 'GCS-2026-00123', source: 'document-ocr' },
    placeOfBirth: { value: 'Phường Ba Đình, Thành phố Hà Nội', source: 'document-ocr' },
  },
};

export const HANOI_BA_DINH: FieldValue = { provinceCode: '01', communeCode: '00004', detail: 'Số 12 phố Lý Thường Kiệt' };

const requesterExtras: Record<string, FieldValue> = { 'requester.phone': '0912 345 678', 'requester.email': 'vu.thi.au@example.vn' };

const father: Record<string, FieldValue> = {
  'fatherDeclared.declared': true,
  'father.fullName': 'Lê Đức Thắng',
  'father.dateOfBirth': '02/11/1988',
  'father.personalId': '001088054321',
  'father.ethnicity': 'Kinh',
  'father.nationality': 'Việt Nam',
  'father.residence': HANOI_BA_DINH,
};

const birth: Record<string, FieldValue> = {
  'requester.relationship': 'mother',
  ...requesterExtras,
  'child.dateOfBirthInWords': 'Ngày mười tháng mười một năm hai nghìn không trăm hai mươi sáu',
  'child.ethnicity': 'Kinh',
  'child.nationality': 'Việt Nam',
  'child.placeOfOrigin': 'Xã Đức Hợp, tỉnh Hưng Yên',
  ...father,
  'registration.hasBirthNotice': true,
  'registration.copies': 2,
};

const household: Record<string, FieldValue> = {
  'household.headName': 'Lê Đức Thắng',
  'household.relationshipToHead': 'Con',
  'household.headPersonalId': '001088054321',
};

const deceased: Record<string, FieldValue> = {
  'deceased.fullName': 'Lê Văn Ựng',
  'deceased.dateOfBirth': '01/01/1940',
  'deceased.sex': 'male',
  'deceased.residence': HANOI_BA_DINH,
  'deceased.dateOfDeath': '20/11/2026',
  'deceased.causeOfDeath': 'Tuổi già',
};

/**
 * Answers the citizen types (everything auto-fill cannot know), per procedure or group id.
 * Together with SAMPLE_IDENTITY and SAMPLE_DOCUMENTS each set makes a complete, valid draft on
 * SAMPLE_TODAY.
 */
export const SAMPLE_ANSWERS: Record<string, Record<string, FieldValue>> = {
  'khai-sinh': birth,
  'dang-ky-thuong-tru': {
    ...requesterExtras,
    'person.self': true,
    'person.occupation': 'Giáo viên',
    ...household,
    'household.relationshipToHead': 'Vợ',
    'residence.address': HANOI_BA_DINH,
    'residence.relationToOwner': 'family',
    'residence.ownerConsent': true,
    // CT01 item 11: her daughter moves in with her.
    'members[0].fullName': 'Lê Thị Ợn',
    'members[0].dateOfBirth': '05/06/2015',
    'members[0].sex': 'female',
    'members[0].personalId': '001315006789',
    'members[0].relationshipToHead': 'Con',
  },
  'bhyt-tre-em-duoi-6': {
    ...requesterExtras,
    'child.fullName': 'Lê Đức Lợi',
    'child.dateOfBirth': '10/11/2026',
    'child.sex': 'male',
    'child.nationality': 'Việt Nam',
    'child.ethnicity': 'Kinh',
    'child.birthRegistrationPlace': HANOI_BA_DINH,
    'delivery.resultAddress': HANOI_BA_DINH,
  },
  'lien-thong-khai-sinh': {
    ...birth,
    ...household,
    'residence.address': HANOI_BA_DINH,
    'residence.relationToOwner': 'family',
    'residence.ownerConsent': true,
    'child.birthRegistrationPlace': HANOI_BA_DINH,
    'delivery.resultAddress': HANOI_BA_DINH,
  },
  'khai-tu': {
    ...requesterExtras,
    'requester.relationship': 'Con dâu',
    ...deceased,
    'deceased.ethnicity': 'Kinh',
    'deceased.nationality': 'Việt Nam',
    'deceased.personalId': '038040001122',
    'deceased.timeOfDeath': '05:30',
    'deceased.placeOfDeath': 'Tại nhà riêng',
    'deathNotice.number': 'GBT-77',
    'deathNotice.issuedOn': '20/11/2026',
    'deathNotice.issuer': 'Trạm y tế phường Ba Đình',
  },
  'xoa-dang-ky-thuong-tru': {
    ...requesterExtras,
    'person.fullName': 'Lê Văn Ựng',
    'person.dateOfBirth': '01/01/1940',
    'person.sex': 'male',
    'person.personalId': '038040001122',
    'person.reason': 'deceased',
    ...household,
    'household.relationshipToHead': 'Cha',
  },
  'tro-cap-mai-tang': {
    ...requesterExtras,
    'requester.relationship': 'Con dâu',
    ...deceased,
    'funeral.burialDate': '22/11/2026',
    'funeral.burialPlace': 'Nghĩa trang Văn Điển',
    'funeral.beneficiaryCategory': 'social-allowance',
    'payout.method': 'bank',
    'payout.bankAccount': '0123456789',
    'payout.bankName': 'Ngân hàng Nông nghiệp và Phát triển Nông thôn',
  },
  'lien-thong-khai-tu': {
    ...requesterExtras,
    'requester.relationship': 'Con dâu',
    ...deceased,
    'deceased.ethnicity': 'Kinh',
    'deceased.nationality': 'Việt Nam',
    'deceased.personalId': '038040001122',
    'deceased.timeOfDeath': '05:30',
    'deceased.placeOfDeath': 'Tại nhà riêng',
    'deathNotice.number': 'GBT-77',
    'deathNotice.issuedOn': '20/11/2026',
    'deathNotice.issuer': 'Trạm y tế phường Ba Đình',
    'person.reason': 'deceased',
    ...household,
    'household.relationshipToHead': 'Cha',
    'funeral.burialDate': '22/11/2026',
    'funeral.burialPlace': 'Nghĩa trang Văn Điển',
    'funeral.beneficiaryCategory': 'social-allowance',
    'payout.method': 'cash',
  },
  'ly-lich-tu-phap': {
    ...requesterExtras,
    'family.hasSpouse': true,
    'history.residenceHistory': 'Từ 2004 đến nay: Phường Phúc Xá, Quận Ba Đình, Hà Nội; giáo viên, Trường Tiểu học Ấu Cơ. Ghi chú: Ấ Ẫ Ậ Ợ Ự Đ ư ơ',
    'request.certificateType': '1',
    'request.purpose': 'Bổ sung hồ sơ xin việc',
    'request.extraCopies': 1,
    'request.byProxy': false,
  },
  'thay-doi-thong-tin-cu-tru': {
    ...requesterExtras,
    ...household,
    'household.relationshipToHead': 'Vợ',
    'change.content': 'Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú',
    // CT01 item 11: two household members change with her (row paths: `section[row].field`).
    'members[0].fullName': 'Lê Thị Ợn',
    'members[0].dateOfBirth': '05/06/2015',
    'members[0].sex': 'female',
    'members[0].personalId': '001315006789',
    'members[0].relationshipToHead': 'Con',
    'members[1].fullName': 'Lê Đức Ựng',
    'members[1].dateOfBirth': '20/01/2019',
    'members[1].sex': 'male',
    'members[1].personalId': '001219004321',
    'members[1].relationshipToHead': 'Con',
  },
  'ho-kinh-doanh': {
    ...requesterExtras,
    'business.name': 'Hộ kinh doanh Ấu Lợi',
    'business.address': HANOI_BA_DINH,
    'business.activities': 'Bán lẻ thực phẩm, đồ uống',
    'business.capitalVnd': 50_000_000,
    'business.employees': 2,
    'business.ownerKind': 'individual',
  },
};

export const SAMPLE_TODAY = { year: 2026, month: 11, day: 23 } as const;
