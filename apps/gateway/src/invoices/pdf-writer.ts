import { type PDFFont, type PDFPage, PDFDocument, rgb, StandardFonts } from 'pdf-lib';

/** A4 in points. */
const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 50;

/** Finnish money: 1 234,56 € (a narrow no-break space would not encode in the PDF's font). */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')} €`;
}

/** 25,5 % from basis points. */
export const percent = (bp: number): string => `${(bp / 100).toString().replace('.', ',')} %`;

/** `YYYY-MM-DD` as Finns write dates: 6.12.2026. */
export function finnishDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}.${m}.${y}`;
}

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
}

/**
 * Writes text top-down onto A4 pages with the standard Helvetica fonts, starting a new page when
 * one is full. Characters the fonts cannot encode (outside Windows-1252) are written without
 * their accents, or as "?", rather than failing the document.
 */
export class PdfWriter {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly encodable: ReadonlySet<number>,
  ) {
    this.newPage();
  }

  static async create(title: string, author: string): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(title);
    doc.setAuthor(author);
    doc.setCreator(author);
    doc.setProducer('Offera platform');
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    return new PdfWriter(doc, font, bold, new Set(font.getCharacterSet()));
  }

  /** The text as the font can write it. */
  safe(text: string): string {
    return [...text]
      .map((ch) => {
        if (this.encodable.has(ch.codePointAt(0) ?? 0)) return ch;
        const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
        return [...plain].every((c) => this.encodable.has(c.codePointAt(0) ?? 0)) && plain ? plain : '?';
      })
      .join('');
  }

  heading(text: string, size = 16): void {
    this.line(text, { size, bold: true });
    this.gap(4);
  }

  line(text: string, options: { size?: number; bold?: boolean; x?: number } = {}): void {
    const size = options.size ?? 10;
    this.room(size + 4);
    this.page.drawText(this.safe(text), {
      x: MARGIN + (options.x ?? 0),
      y: this.y - size,
      size,
      font: options.bold ? this.bold : this.font,
      color: rgb(0, 0, 0),
    });
    this.y -= size + 4;
  }

  /** Label–value pairs in two columns. */
  pairs(rows: readonly (readonly [string, string])[]): void {
    for (const [label, value] of rows) {
      this.room(14);
      this.text(label, MARGIN, 10, this.bold);
      this.text(value, MARGIN + 200, 10, this.font);
      this.y -= 14;
    }
  }

  table(columns: readonly Column[], rows: readonly (readonly string[])[]): void {
    const row = (cells: readonly string[], font: PDFFont) => {
      this.room(14);
      let x = MARGIN;
      columns.forEach((c, i) => {
        const text = this.safe(cells[i] ?? '');
        const at = c.align === 'right' ? x + c.width - font.widthOfTextAtSize(text, 9) - 4 : x;
        this.page.drawText(text, { x: at, y: this.y - 9, size: 9, font });
        x += c.width;
      });
      this.y -= 14;
    };
    row(
      columns.map((c) => c.header),
      this.bold,
    );
    for (const cells of rows) row(cells, this.font);
  }

  gap(points = 10): void {
    this.y -= points;
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }

  private text(text: string, x: number, size: number, font: PDFFont): void {
    this.page.drawText(this.safe(text), { x, y: this.y - size, size, font });
  }

  private room(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }
}
