package cn.wenming.inspection;

/**
 * A place the assessment visits.
 *
 * @param outline a lane's or road's ring as GeoJSON coordinates {@code [[lng,lat],…]}, or null for a point
 * @param unit    the 包保单位: where 不合格 items are sent
 * @param person  the 责任人 named for it (a role, never a phone number)
 */
public record Point(String code, String typeCode, String name, double latitude, double longitude, String outline,
        String community, String street, String unit, String person, boolean active) {

    /** What a report filed at this point shows as its address. */
    public String address() {
        String area = (street == null ? "" : street) + (community == null ? "" : community);
        return area.isEmpty() ? name : area + " · " + name;
    }
}
