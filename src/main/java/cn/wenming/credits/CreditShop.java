package cn.wenming.credits;

import cn.wenming.console.AuditLog;
import cn.wenming.core.CityTime;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The 积分超市: items with a price and stock, configured by staff. A redemption takes one from stock,
 * debits the balance and issues a one-time code in one transaction (either all of it happens or none);
 * a merchant confirms the code once. Every step is in the audit log.
 */
@Service
public class CreditShop {

    /** Letters and digits nobody misreads (no 0/O, 1/I/L). */
    private static final char[] CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();
    private static final int CODE_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    public record Item(long id, String name, String description, int price, int stock, boolean active) {
    }

    /** A redemption as the resident and the merchant see it. */
    public record Redemption(long id, String code, String itemName, int points, OffsetDateTime createdAt,
            OffsetDateTime confirmedAt) {

        public boolean confirmed() {
            return confirmedAt != null;
        }

        public String when() {
            return CityTime.shortForm(createdAt);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final CreditLedger ledger;
    private final AuditLog audit;
    private final CreditTexts texts;

    CreditShop(JdbcClient jdbc, TransactionTemplate transaction, CreditLedger ledger, AuditLog audit,
            CreditTexts texts) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.ledger = ledger;
        this.audit = audit;
        this.texts = texts;
    }

    public List<Item> items(boolean activeOnly) {
        return jdbc.sql(ITEM + (activeOnly ? " WHERE active" : "") + " ORDER BY price, id").query(CreditShop::item)
                .list();
    }

    /** Adds an item ({@code id} null) or changes one; audited with the value before and after. */
    public long saveItem(Long id, String name, String description, int price, int stock, boolean active) {
        if (name == null || name.isBlank() || price <= 0 || stock < 0) {
            throw new CreditsRefused("请填写名称，价格须大于 0，库存不能为负数。");
        }
        return transaction.execute(status -> {
            String before = id == null ? null : item(id).map(Item::toString).orElseThrow(
                    () -> new CreditsRefused(texts.text("no-item")));
            long saved = id == null
                    ? jdbc.sql("INSERT INTO credit_item (name, description, price, stock, active) VALUES (:n, :d, :p, :s, :a)"
                            + " RETURNING id").param("n", name.strip()).param("d", description).param("p", price)
                            .param("s", stock).param("a", active).query(Long.class).single()
                    : id;
            if (id != null) {
                jdbc.sql("UPDATE credit_item SET name = :n, description = :d, price = :p, stock = :s, active = :a WHERE id = :id")
                        .param("n", name.strip()).param("d", description).param("p", price).param("s", stock)
                        .param("a", active).param("id", id).update();
            }
            audit.record(id == null ? "新增积分商品" : "修改积分商品", "credit_item", String.valueOf(saved), before,
                    item(saved).map(Item::toString).orElse(null));
            return saved;
        });
    }

    /** Redeems one item; refused (nothing changes) when it is sold out or the balance is too low. */
    public Redemption redeem(String appId, String openid, long itemId) {
        return transaction.execute(status -> {
            Item item = item(itemId).filter(Item::active).orElseThrow(() -> new CreditsRefused(texts.text("no-item")));
            if (jdbc.sql("UPDATE credit_item SET stock = stock - 1 WHERE id = :id AND stock > 0").param("id", itemId)
                    .update() == 0) {
                throw new CreditsRefused(texts.text("sold-out"));
            }
            long account = ledger.existingAccount(appId, openid).orElseThrow(
                    () -> new CreditsRefused(texts.text("not-enough", "price", item.price(), "balance", 0)));
            if (jdbc.sql("UPDATE credit_account SET balance = balance - :p, updated_at = now() WHERE id = :a AND balance >= :p")
                    .param("p", item.price()).param("a", account).update() == 0) {
                // The exception rolls the stock back too.
                throw new CreditsRefused(texts.text("not-enough", "price", item.price(), "balance",
                        ledger.balance(appId, openid)));
            }
            String code = newCode();
            long id = jdbc.sql("INSERT INTO credit_redemption (code, item_id, account_id, points) VALUES (:c, :i, :a, :p)"
                    + " RETURNING id").param("c", code).param("i", itemId).param("a", account).param("p", item.price())
                    .query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO credit_entry (account_id, source, source_id, points, note, city_day)
                    VALUES (:a, 'redeem', :id, :p, :note, :day)""")
                    .param("a", account).param("id", String.valueOf(id)).param("p", -item.price())
                    .param("note", texts.text("note-redeem", "item", item.name()))
                    .param("day", LocalDate.now(CityTime.ZONE)).update();
            audit.record("积分兑换", "credit_redemption", String.valueOf(id), null,
                    item.name() + " · " + item.price() + "分");
            return redemption(code).orElseThrow();
        });
    }

    /** The merchant's confirmation: a code works once. */
    public Redemption confirm(String code, String merchant) {
        String clean = code == null ? "" : code.strip().toUpperCase();
        return transaction.execute(status -> {
            int done = jdbc.sql("UPDATE credit_redemption SET confirmed_at = now(), confirmed_by = :who"
                    + " WHERE code = :c AND confirmed_at IS NULL").param("who", merchant).param("c", clean).update();
            Redemption redemption = redemption(clean).orElseThrow(() -> new CreditsRefused(texts.text("no-code")));
            if (done == 0) {
                throw new CreditsRefused(texts.text("code-used", "when", CityTime.full(redemption.confirmedAt())));
            }
            audit.record("核销兑换码", "credit_redemption", String.valueOf(redemption.id()), "待核销",
                    "已核销 · " + redemption.itemName());
            return redemption;
        });
    }

    public Optional<Redemption> redemption(String code) {
        return jdbc.sql(REDEMPTION + " WHERE r.code = :c")
                .param("c", code).query(CreditShop::row).optional();
    }

    /** The resident's own redemption (for showing its code); empty for anyone else's. */
    public Optional<Redemption> redemptionOf(String appId, String openid, String code) {
        return jdbc.sql(REDEMPTION + " JOIN credit_account a ON a.id = r.account_id"
                + " WHERE r.code = :c AND a.app_id = :app AND a.openid = :o")
                .param("c", code).param("app", appId).param("o", openid).query(CreditShop::row).optional();
    }

    public List<Redemption> redemptions(String appId, String openid) {
        return jdbc.sql(REDEMPTION + " JOIN credit_account a ON a.id = r.account_id"
                + " WHERE a.app_id = :app AND a.openid = :o ORDER BY r.id DESC")
                .param("app", appId).param("o", openid).query(CreditShop::row).list();
    }

    private Optional<Item> item(long id) {
        return jdbc.sql(ITEM + " WHERE id = :id").param("id", id).query(CreditShop::item).optional();
    }

    private static final String REDEMPTION = """
            SELECT r.id, r.code, i.name, r.points, r.created_at, r.confirmed_at
            FROM credit_redemption r JOIN credit_item i ON i.id = r.item_id""";

    private static final String ITEM = "SELECT id, name, description, price, stock, active FROM credit_item";

    private static Item item(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Item(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getBoolean(6));
    }

    private static Redemption row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Redemption(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class));
    }

    private static String newCode() {
        char[] code = new char[CODE_LENGTH];
        for (int i = 0; i < code.length; i++) {
            code[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
        }
        return new String(code);
    }
}
