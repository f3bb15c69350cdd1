package org.linrepro.data;

import java.util.Map;

/**
 * SHA-256 of the <em>decompressed</em> content of every mirror file, keyed by the path of the {@code .gz} file.
 *
 * <p>A file re-created by {@code data-scripts/} from the original release has the same content as the mirror, but its
 * {@code .gz} bytes can differ when the local compressor differs (gzip/zlib version, zlib-ng). {@link DataRoot}
 * therefore accepts a file whose {@code .gz} sha256 differs from {@code SHA256SUMS} when its decompressed content has
 * the sha256 listed here. Same values as {@code data-scripts/CONTENT-SHA256SUMS} (a test checks they agree).
 */
final class ContentChecksums {
    private ContentChecksums() {
    }

    /** .gz relative path → sha256 of its decompressed bytes. */
    static final Map<String, String> SHIPPED = Map.ofEntries(
            Map.entry("cifar10/test_gray.bin.gz", "d6778bb43ea243f9b74f530747f7db70063335af8d30b3a66b2d17f48a35306e"),
            Map.entry("cifar10/train_gray.bin.gz", "03ae6f4f130010af4a74ef7250547a81c15a239bf4469e99ac7b9ca1e81b2688"),
            Map.entry("glue/CoLA/dev.tsv.gz", "8c013e21dc39957cac37378d87bebe225b694a0d5fe13eded66c2856628833fd"),
            Map.entry("glue/CoLA/test.tsv.gz", "3b4df85f7a9a0633574b38d181e18090ac961a24b18fb6bcd74999ddea8ad0b8"),
            Map.entry("glue/CoLA/train.tsv.gz", "cb368ebeb9f27d7ad03720d27ddc95687a311bdb100781a2fe59a5f5b1bc0624"),
            Map.entry("glue/MRPC/dev.tsv.gz", "81c8a1a9e1dfe461dd2c1a4f98f43fe18bece44d2bf9e3d0b245b88e5aa5eaf7"),
            Map.entry("glue/MRPC/test.tsv.gz", "4ee428d354c01fa35c2f0f6ab835398abb0bec01f17ed68fbcb6c04265505b0a"),
            Map.entry("glue/MRPC/train.tsv.gz", "122becc469405bc16f9defcb8715d2a4b7ce600e9d9381e6dc42bfdd1494c51d"),
            Map.entry("glue/QNLI/dev.tsv.gz", "763e95932dd3578251de71582e06829015f9c3815a518c751dc537219b159de4"),
            Map.entry("glue/QNLI/test.tsv.gz", "6d856264e292fa7a7bc7b8e182efa1454ffd9532733c12ad813017dd5b377a5a"),
            Map.entry("glue/RTE/dev.tsv.gz", "80230dfa1347282e7b532b06a1004a76a710087541189bf874223ddf0e3819fb"),
            Map.entry("glue/RTE/test.tsv.gz", "6e33f09b5c2bfd5fd5fde217070f3dd49e484e33b9752b5864cf36fc421a213f"),
            Map.entry("glue/RTE/train.tsv.gz", "81d25e323e1ab5b2ad7cd445f1a69db89f2b1c104f3e26915a9421aa4a5f4735"),
            Map.entry("glue/SST-2/dev.tsv.gz", "54a9c12c77e402fc14d6a66a506f24d999f596b0176eb777c972cccc2f9cc4b0"),
            Map.entry("glue/SST-2/test.tsv.gz", "69a938605609b3e6663b4487918fe1565eb293734e6e520d0366d1d412fd2a13"),
            Map.entry("glue/SST-2/train.tsv.gz", "48eac26399f8456935f81dd9e3a745c1430adb6c62e233ccfe22db4a0d15d1d1"),
            Map.entry("glue/STS-B/dev.tsv.gz", "fe7dc0632a5033562f3cadff991f6e8d9b9b6311861660e78c3c82eb7db67f59"),
            Map.entry("glue/STS-B/test.tsv.gz", "16b4223d7d44a644fbc10f1b449472cfe81e1715fb07cf44023b0aa88ce856eb"),
            Map.entry("glue/STS-B/train.tsv.gz", "41c4d978b6162abdcada7e49a982211954cca5459c228db478af333124b257a2"),
            Map.entry("glue/WNLI/dev.tsv.gz", "cba00490596dd14be8cf53b4f53bb744abe3a7b89f81ab210528d80225338ed5"),
            Map.entry("glue/WNLI/test.tsv.gz", "ff0296817e235bf6f7a230c5f6781bd6ee228a45445f6510831fdef6f2a04766"),
            Map.entry("glue/WNLI/train.tsv.gz", "9a88e9d54b6861cc796a088e9acf4f5f65064a9ef65ae6fa7a688b28391e5c9a"),
            Map.entry("imdb/test.jsonl.gz", "b57f30936c08901b80b32d698af25440a443d6525ce05a54dd7da9981c04e47a"),
            Map.entry("imdb/train.jsonl.gz", "06ddcc0d7acb0102ac52832385dd4725d53b76b41c9beffb2f21cdac1420c8c9"),
            Map.entry("wikitext-103/wiki.test.tokens.gz", "56db52eb157b1ab5c89646eef70510c1eca6e12a3bfdb99f0d6b05b4eacb75b9"),
            Map.entry("wikitext-103/wiki.valid.tokens.gz", "9aee9f52d6e77de6c7751fc5e7c44287db3ec0eaf15477098acc6b93c1c4250b"),
            Map.entry("wikitext-2/raw/wiki.test.raw.gz", "173c87a53759e0201f33e0ccf978e510c2042d7f2cb78229d9a50d79b9e7dd08"),
            Map.entry("wikitext-2/wiki.test.tokens.gz", "d790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0"),
            Map.entry("wikitext-2/wiki.train.tokens.gz", "9e9fa1ad55b1c2c95b08e37dd8e653f638fac2c6de904b79e813611eefbc985f"),
            Map.entry("wikitext-2/wiki.valid.tokens.gz", "f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8"));
}
